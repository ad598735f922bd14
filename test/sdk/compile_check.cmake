# Compiles one plugin source against the SDK headers, syntax only, and checks
# the outcome against the source's own comments:
#   // expect-error: <text>   compilation must fail, with <text> in the output
# With several such lines, each text must appear, and the output must hold
# exactly that many errors (no follow-on template errors). Without any, the
# source must compile.
#
#   cmake -DCXX=<compiler> -DSDK_INCLUDE=<sdk/include> -DSOURCE=<file.cpp> -P compile_check.cmake
foreach(var CXX SDK_INCLUDE SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compile_check.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect-error: ")
set(expected "")
foreach(line IN LISTS expect_lines)
  string(REGEX REPLACE "^// expect-error: " "" text "${line}")
  list(APPEND expected "${text}")
endforeach()
list(LENGTH expected n_expected)

execute_process(
  COMMAND "${CXX}" -std=c++20 -fsyntax-only -Wall -Wextra -I "${SDK_INCLUDE}" "${SOURCE}"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)

if(n_expected EQUAL 0)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SOURCE} should compile but did not:\n${out}")
  endif()
  message(STATUS "${SOURCE} compiles, as it should")
  return()
endif()

if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled but should not have")
endif()
foreach(text IN LISTS expected)
  string(FIND "${out}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${SOURCE}: the compiler output lacks \"${text}\":\n${out}")
  endif()
endforeach()
string(REGEX MATCHALL "error: " errors "${out}")
list(LENGTH errors n_errors)
if(NOT n_errors EQUAL n_expected)
  message(FATAL_ERROR
    "${SOURCE}: expected ${n_expected} error(s), the compiler reported ${n_errors}:\n${out}")
endif()
message(STATUS "${SOURCE} fails to compile with the expected message")

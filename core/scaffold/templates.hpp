// Templates of the files `fcbench plugin new` writes (templates.cpp).
#pragma once

namespace fcbench::scaffold::templates {

extern const char* const kCMakeLists;
extern const char* const kPluginCpp;
extern const char* const kPluginC;
extern const char* const kGuest;
extern const char* const kParserTest;
extern const char* const kRecordedOutput;
extern const char* const kSuite;
extern const char* const kReadme;
extern const char* const kGitignore;

}  // namespace fcbench::scaffold::templates

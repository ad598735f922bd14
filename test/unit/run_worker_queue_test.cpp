// run/worker_queue: jobs run on helper threads, at most N at once; a job
// not yet started can be taken back; wait() waits for a running one.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "run/worker_queue.hpp"

using fcbench::run::WorkerQueue;
using namespace std::chrono_literals;

TEST_CASE("worker queue: every pushed job runs once, on another thread", "[unit][worker_queue]") {
  std::mutex mu;
  std::multiset<size_t> ran;
  std::set<std::thread::id> threads;
  const auto me = std::this_thread::get_id();
  {
    WorkerQueue q(3, [&](size_t i) {
      std::lock_guard lk(mu);
      ran.insert(i);
      threads.insert(std::this_thread::get_id());
    });
    for (size_t i = 0; i < 50; ++i) q.push(i);
    for (size_t i = 0; i < 50; ++i) {
      if (q.cancel(i)) {
        std::lock_guard lk(mu);
        ran.insert(i);  // taken back: the caller runs it
      } else {
        q.wait(i);
      }
    }
    CHECK(q.threads() <= 3);
    CHECK(q.threads() >= 1);
  }
  CHECK(ran.size() == 50);
  for (size_t i = 0; i < 50; ++i) CHECK(ran.count(i) == 1);
  CHECK(threads.count(me) == 0);
}

TEST_CASE("worker queue: never more than N jobs at once", "[unit][worker_queue]") {
  std::atomic<int> now{0}, most{0}, finished{0};
  {
    WorkerQueue q(2, [&](size_t) {
      int n = ++now;
      for (int m = most; n > m && !most.compare_exchange_weak(m, n);) {
      }
      std::this_thread::sleep_for(2ms);
      --now;
      ++finished;
    });
    for (size_t i = 0; i < 20; ++i) q.push(i);
    for (int waited = 0; finished < 20 && waited < 10000; ++waited)
      std::this_thread::sleep_for(1ms);
    CHECK(q.threads() == 2);
  }
  CHECK(finished == 20);
  CHECK(most == 2);  // 20 jobs of 2 ms on 2 threads overlap
}

TEST_CASE("worker queue: cancel takes back only what has not started", "[unit][worker_queue]") {
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> started{0};
  WorkerQueue q(1, [&](size_t) {
    ++started;
    gate.wait();
  });
  q.push(1);
  q.push(2);
  while (started == 0) std::this_thread::sleep_for(1ms);
  CHECK_FALSE(q.cancel(1));  // running
  CHECK(q.cancel(2));        // still queued
  CHECK_FALSE(q.cancel(2));  // already taken
  CHECK_FALSE(q.cancel(3));  // never pushed
  auto waited = std::async(std::launch::async, [&] { q.wait(1); });
  CHECK(waited.wait_for(20ms) == std::future_status::timeout);  // job 1 still runs
  release.set_value();
  waited.get();
  CHECK(started == 1);
}

TEST_CASE("worker queue: queued jobs are dropped when it goes", "[unit][worker_queue]") {
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::atomic<int> started{0}, ran{0};
  std::thread opener;
  {
    WorkerQueue q(1, [&](size_t) {
      ++started;
      gate.wait();
      ++ran;
    });
    for (size_t i = 0; i < 5; ++i) q.push(i);
    while (started == 0) std::this_thread::sleep_for(1ms);
    opener = std::thread([&] {
      std::this_thread::sleep_for(20ms);
      release.set_value();
    });
  }  // the running job finishes; the other four never start
  opener.join();
  CHECK(ran == 1);
}

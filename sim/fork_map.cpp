#include "sim/fork_map.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <optional>

namespace airgap::sim {

namespace {

struct Worker {
  pid_t pid = -1;
  int fd = -1;
};

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_all(int fd) {
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return bytes;
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::optional<std::uint64_t> get_u64(const std::string& in, std::size_t& at) {
  if (in.size() - at < 8) return std::nullopt;
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
  at += 8;
  return value;
}

// The worker's whole output goes out at the end, in frames (index, length, bytes): written as it
// went, a full pipe would stall the worker until this process finished its own share.
[[noreturn]] void run_worker(int fd, std::size_t count, std::atomic<std::size_t>& next,
                             const std::function<std::string(std::size_t)>& task) {
  std::string out;
  try {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      std::string bytes = task(i);
      put_u64(out, i);
      put_u64(out, bytes.size());
      out += bytes;
    }
  } catch (...) {
    // Whatever was finished still goes back; the parent redoes the rest.
  }
  const bool sent = write_all(fd, out);
  ::close(fd);
  ::_exit(sent ? 0 : 1);  // no atexit handlers, no flushing the parent's stdio buffers twice
}

// Reads one worker's frames into `results`; frames after a malformed one are dropped (redone).
void collect(const Worker& worker, std::vector<std::optional<std::string>>& results) {
  const std::string bytes = read_all(worker.fd);
  ::close(worker.fd);
  int status = 0;
  while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::size_t at = 0;
  while (at < bytes.size()) {
    const auto index = get_u64(bytes, at);
    const auto size = get_u64(bytes, at);
    if (!index || !size || *index >= results.size() || bytes.size() - at < *size) break;
    results[*index] = bytes.substr(at, *size);
    at += *size;
  }
}

std::optional<Worker> start_worker(std::size_t count, std::atomic<std::size_t>& next,
                                   const std::function<std::string(std::size_t)>& task) {
  int fds[2];
  if (::pipe(fds) != 0) return std::nullopt;
  std::fflush(nullptr);  // buffered output must not be written by both processes
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    // A worker outlives nothing: if the parent dies (Ctrl-C, a CI timeout), so does the worker.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::close(fds[0]);
    run_worker(fds[1], count, next, task);
  }
  ::close(fds[1]);  // before the next fork, so the next worker does not hold this pipe open
  return Worker{pid, fds[0]};
}

// The next unclaimed task, in memory the workers share: each process takes tasks as it frees
// up, so a slower core (a busy neighbour on a shared VM) does fewer of them.
class SharedCounter {
 public:
  SharedCounter() {
    void* p = ::mmap(nullptr, sizeof(std::atomic<std::size_t>), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) counter_ = new (p) std::atomic<std::size_t>(0);
  }
  ~SharedCounter() {
    if (counter_ != nullptr) ::munmap(counter_, sizeof(std::atomic<std::size_t>));
  }
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  std::atomic<std::size_t>* get() const { return counter_; }

 private:
  std::atomic<std::size_t>* counter_ = nullptr;
};

}  // namespace

std::vector<std::string> fork_map(std::size_t count, std::size_t jobs,
                                  const std::function<std::string(std::size_t)>& task) {
  static_assert(std::atomic<std::size_t>::is_always_lock_free, "a lock in shared memory is not shared");
  jobs = std::max<std::size_t>(1, std::min(jobs, count));
  SharedCounter shared;
  std::atomic<std::size_t> local{0};
  std::atomic<std::size_t>& next = shared.get() != nullptr ? *shared.get() : local;
  std::vector<Worker> workers;
  if (shared.get() != nullptr) {
    for (std::size_t w = 1; w < jobs; ++w) {
      if (auto worker = start_worker(count, next, task)) workers.push_back(*worker);
    }
  }
  std::vector<std::optional<std::string>> results(count);
  try {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) results[i] = task(i);
  } catch (...) {
    next.store(count);  // workers claim nothing more; reap them before unwinding
    for (const auto& worker : workers) collect(worker, results);
    throw;
  }
  for (const auto& worker : workers) collect(worker, results);
  std::vector<std::string> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = results[i] ? std::move(*results[i]) : task(i);
  return out;
}

}  // namespace airgap::sim

// SPDX-License-Identifier: Apache-2.0
#include "host/http_client.h"

#include <curl/curl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace stackprobe::host {
namespace {

using Clock = std::chrono::steady_clock;

// How often an idle transfer loop wakes up to look at the cancellation flag.
constexpr long kCancelPollMs = 50;
constexpr long kIdlePollMs = 1000;
constexpr long kMaxRedirects = 5;

// What a transfer collects while it runs; owned by the Perform call, pointed
// to by the curl callbacks.
struct Transfer {
  const HttpRequest* request = nullptr;
  const HttpHeaderLimits* limits = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  HttpResponse response;
  bool body_too_large = false;
  bool headers_too_large = false;
  bool done = false;
  std::size_t header_lines = 0;
  std::size_t header_bytes = 0;
  char error_buffer[CURL_ERROR_SIZE] = {};

  // The easy handle goes back to the client's pool (PerformMany) before
  // the transfer ends; only the header list is the transfer's own.
  ~Transfer() { curl_slist_free_all(header_list); }
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  std::string& body = transfer->response.body;
  std::size_t room = transfer->request->max_body_bytes - body.size();
  if (bytes > room) {
    body.append(data, room);
    transfer->body_too_large = true;
    return 0;  // Makes curl abort with CURLE_WRITE_ERROR.
  }
  body.append(data, bytes);
  return bytes;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  transfer->header_bytes += bytes;
  if (++transfer->header_lines > transfer->limits->max_headers ||
      transfer->header_bytes > transfer->limits->max_total_bytes) {
    transfer->headers_too_large = true;
    return 0;
  }
  std::string_view line(data, bytes);
  auto& headers = transfer->response.headers;
  if (line.starts_with("HTTP/")) {
    // A new response starts (after a redirect or a 1xx): forget the last.
    headers.clear();
    return bytes;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                       std::string(Trim(line.substr(colon + 1))));
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  return transfer->cancelled != nullptr && transfer->cancelled->load() ? 1 : 0;
}

HttpError MapError(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return HttpError::kNone;
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return HttpError::kRefused;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpError::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return HttpError::kDns;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return HttpError::kTls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return HttpError::kBadRequest;
    default:
      return HttpError::kOther;
  }
}

double Seconds(CURL* easy, CURLINFO info) {
  curl_off_t micros = 0;
  if (curl_easy_getinfo(easy, info, &micros) != CURLE_OK) return 0;
  return static_cast<double>(micros) / 1e6;
}

std::int64_t CertificateExpiry(CURL* easy) {
  curl_certinfo* certs = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &certs) != CURLE_OK ||
      certs == nullptr || certs->num_of_certs < 1) {
    return 0;
  }
  // certinfo[0] is the peer's own certificate.
  constexpr std::string_view kKey = "Expire date:";
  for (curl_slist* item = certs->certinfo[0]; item != nullptr;
       item = item->next) {
    std::string_view entry(item->data);
    if (entry.starts_with(kKey)) {
      return ParseCertificateDate(entry.substr(kKey.size()));
    }
  }
  return 0;
}

// Sets the per-request options; false (with the response filled) when the
// request is unusable.
// `transfer.easy` is a handle with no options set (new, or reset when it
// went back to the pool): every option a request needs is set here, for
// every request.
bool Configure(Transfer& transfer, Clock::time_point deadline, bool bundle_only,
               CURLSH* share) {
  const HttpRequest& request = *transfer.request;
  CURL* easy = transfer.easy;
  if (easy == nullptr) {
    transfer.response.error = HttpError::kOther;
    transfer.response.error_message = "curl_easy_init failed";
    return false;
  }
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - Clock::now());
  if (request.timeout.count() > 0)
    remaining = std::min(remaining, request.timeout);
  if (remaining.count() <= 0) {
    transfer.response.error = HttpError::kTimeout;
    transfer.response.error_message = "deadline passed before the request";
    return false;
  }
  long timeout_ms = static_cast<long>(remaining.count());

  curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_buffer);
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  // Probes measure the target: no connection kept from an earlier probe.
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
  // The pooled multi handle would otherwise answer names from its cache.
  curl_easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  if (share != nullptr) curl_easy_setopt(easy, CURLOPT_SHARE, share);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // An empty proxy disables the *_proxy environment variables.
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
  if (bundle_only) {
    curl_easy_setopt(easy, CURLOPT_CAPATH, static_cast<char*>(nullptr));
  }
  if (!request.ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, request.ca_file.c_str());
  }
  // Certificate details cost a little per handshake: only ask for https.
  if (Lower(request.url.substr(0, 8)) == "https://") {
    curl_easy_setopt(easy, CURLOPT_CERTINFO, 1L);
  }
  if (request.follow_redirects) {
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, kMaxRedirects);
  }

  const std::string& method = request.method;
  if (method == "GET" || method.empty()) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (method != "GET" && method != "HEAD" && !method.empty() &&
      (method == "POST" || !request.body.empty())) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
  }

  // "Expect:" turns off the 100-continue round trip curl adds for bodies.
  transfer.header_list = curl_slist_append(nullptr, "Expect:");
  // Without a body there is nothing to type: curl would otherwise label an
  // empty POST as a form (a header given in the request still wins).
  if (request.body.empty()) {
    if (curl_slist* grown =
            curl_slist_append(transfer.header_list, "Content-Type:")) {
      transfer.header_list = grown;
    }
  }
  for (const auto& [name, value] : request.headers) {
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    curl_slist* grown = curl_slist_append(transfer.header_list, line.c_str());
    if (grown == nullptr) break;
    transfer.header_list = grown;
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.header_list);
  return true;
}

void Finish(Transfer& transfer, CURLcode code, Clock::time_point deadline) {
  HttpResponse& response = transfer.response;
  CURL* easy = transfer.easy;
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  response.status = status;
  response.timings.dns = Seconds(easy, CURLINFO_NAMELOOKUP_TIME_T);
  response.timings.connect = Seconds(easy, CURLINFO_CONNECT_TIME_T);
  response.timings.tls = Seconds(easy, CURLINFO_APPCONNECT_TIME_T);
  response.timings.first_byte = Seconds(easy, CURLINFO_STARTTRANSFER_TIME_T);
  response.timings.total = Seconds(easy, CURLINFO_TOTAL_TIME_T);
  response.tls_not_after = CertificateExpiry(easy);
  transfer.done = true;
  if (code == CURLE_OK) return;

  if (transfer.body_too_large) {
    response.error = HttpError::kBodyTooLarge;
    response.error_message = "body exceeds " +
                             std::to_string(transfer.request->max_body_bytes) +
                             " bytes";
    return;
  }
  if (transfer.headers_too_large) {
    response.error = HttpError::kOther;
    response.error_message =
        "response headers exceed " +
        std::to_string(transfer.limits->max_headers) + " lines or " +
        std::to_string(transfer.limits->max_total_bytes) + " bytes";
    return;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    bool late = Clock::now() >= deadline;
    response.error = late ? HttpError::kTimeout : HttpError::kOther;
    response.error_message = late ? "deadline passed" : "cancelled";
    return;
  }
  response.error = MapError(code);
  response.error_message = transfer.error_buffer[0] != '\0'
                               ? std::string(transfer.error_buffer)
                               : std::string(curl_easy_strerror(code));
  if (response.error == HttpError::kOther) {
    response.error_message += " (curl " + std::to_string(code) + ")";
  }
}

// Pooled handles beyond this many are freed on release: enough for the
// workers of the scheduler and a few /probe requests at once.
constexpr std::size_t kMaxIdleMultis = 8;
constexpr std::size_t kMaxIdleEasies = 16;

void LockShare(CURL*, curl_lock_data data, curl_lock_access, void* user) {
  auto* locks = static_cast<std::array<std::mutex, 8>*>(user);
  (*locks)[static_cast<std::size_t>(data) % locks->size()].lock();
}

void UnlockShare(CURL*, curl_lock_data data, void* user) {
  auto* locks = static_cast<std::array<std::mutex, 8>*>(user);
  (*locks)[static_cast<std::size_t>(data) % locks->size()].unlock();
}

}  // namespace

HttpClient::HttpClient(HttpHeaderLimits limits) : limits_(limits) {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
  // curl caches the parsed CA store only when it comes from a bundle file
  // alone. When the default bundle exists (Debian's holds every certificate
  // of the hashed folder), the folder is dropped so the cache works.
  if (CURL* probe = curl_easy_init()) {
    char* bundle = nullptr;
    struct stat info {};
    bundle_only_ =
        curl_easy_getinfo(probe, CURLINFO_CAINFO, &bundle) == CURLE_OK &&
        bundle != nullptr && ::stat(bundle, &info) == 0 &&
        S_ISREG(info.st_mode);
    curl_easy_cleanup(probe);
  }
  // TLS sessions only: names are resolved afresh for every request (a
  // service that comes back on another address is found at once), and
  // connections are not kept (see the class comment).
  if (CURLSH* share = curl_share_init()) {
    const bool ready =
        curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &LockShare) ==
            CURLSHE_OK &&
        curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &UnlockShare) ==
            CURLSHE_OK &&
        curl_share_setopt(share, CURLSHOPT_USERDATA, &share_locks_) ==
            CURLSHE_OK &&
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) ==
            CURLSHE_OK;
    if (ready) {
      share_ = share;
    } else {
      curl_share_cleanup(share);
    }
  }
}

HttpClient::~HttpClient() {
  for (void* easy : idle_easies_) curl_easy_cleanup(easy);
  for (void* multi : idle_multis_) curl_multi_cleanup(multi);
  if (share_ != nullptr) curl_share_cleanup(share_);
}

void* HttpClient::AcquireEasy() const {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_easies_.empty()) {
      void* easy = idle_easies_.back();
      idle_easies_.pop_back();
      return easy;
    }
  }
  return curl_easy_init();
}

void HttpClient::ReleaseEasy(void* easy) const {
  if (easy == nullptr) return;
  // No option of this request (URL, method, headers, body, credentials,
  // callbacks pointing into the finished transfer) survives into the next.
  curl_easy_reset(easy);
  {
    std::lock_guard lock(pool_mutex_);
    if (idle_easies_.size() < kMaxIdleEasies) {
      idle_easies_.push_back(easy);
      return;
    }
  }
  curl_easy_cleanup(easy);
}

void* HttpClient::AcquireMulti() const {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_multis_.empty()) {
      void* multi = idle_multis_.back();
      idle_multis_.pop_back();
      return multi;
    }
  }
  return curl_multi_init();
}

void HttpClient::ReleaseMulti(void* multi) const {
  if (multi == nullptr) return;
  {
    std::lock_guard lock(pool_mutex_);
    if (idle_multis_.size() < kMaxIdleMultis) {
      idle_multis_.push_back(multi);
      return;
    }
  }
  curl_multi_cleanup(multi);
}

HttpResponse HttpClient::Perform(const HttpRequest& request,
                                 Clock::time_point deadline,
                                 const std::atomic<bool>* cancelled) const {
  std::vector<HttpResponse> responses =
      PerformMany(std::vector<HttpRequest>{request}, deadline, cancelled);
  return std::move(responses.front());
}

std::vector<HttpResponse> HttpClient::PerformMany(
    const std::vector<HttpRequest>& requests, Clock::time_point deadline,
    const std::atomic<bool>* cancelled) const {
  std::vector<std::unique_ptr<Transfer>> transfers;
  transfers.reserve(requests.size());
  // Returns the multi handle to the pool once every transfer is removed
  // (declared after `transfers`, so it runs before their cleanup).
  struct Lease {
    const HttpClient* client;
    CURLM* handle;
    ~Lease() { client->ReleaseMulti(handle); }
    CURLM* get() const { return handle; }
    bool operator==(std::nullptr_t) const { return handle == nullptr; }
  } multi{this, static_cast<CURLM*>(AcquireMulti())};
  for (const HttpRequest& request : requests) {
    auto& transfer = transfers.emplace_back(std::make_unique<Transfer>());
    transfer->request = &request;
    transfer->limits = &limits_;
    transfer->cancelled = cancelled;
    if (multi == nullptr) {
      transfer->response.error = HttpError::kOther;
      transfer->response.error_message = "curl_multi_init failed";
      transfer->done = true;
      continue;
    }
    transfer->easy = static_cast<CURL*>(AcquireEasy());
    if (Configure(*transfer, deadline, bundle_only_,
                  static_cast<CURLSH*>(share_))) {
      curl_multi_add_handle(multi.get(), transfer->easy);
    } else {
      transfer->done = true;
    }
  }

  int running = 0;
  while (multi != nullptr) {
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      Finish(*transfer, message->data.result, deadline);
      curl_multi_remove_handle(multi.get(), message->easy_handle);
    }
    if (running == 0) break;
    if (cancelled != nullptr && cancelled->load()) break;
    curl_multi_poll(multi.get(), nullptr, 0,
                    cancelled != nullptr ? kCancelPollMs : kIdlePollMs,
                    nullptr);
  }

  std::vector<HttpResponse> responses;
  responses.reserve(transfers.size());
  for (auto& transfer : transfers) {
    if (!transfer->done) {
      // Left unfinished by a cancellation or a failing multi handle.
      if (transfer->easy != nullptr && multi != nullptr) {
        curl_multi_remove_handle(multi.get(), transfer->easy);
      }
      transfer->response.error = HttpError::kOther;
      transfer->response.error_message =
          cancelled != nullptr && cancelled->load() ? "cancelled"
                                                    : "transfer did not finish";
    }
    ReleaseEasy(transfer->easy);
    transfer->easy = nullptr;
    responses.push_back(std::move(transfer->response));
  }
  return responses;
}

std::int64_t ParseCertificateDate(std::string_view text) {
  std::string value(Trim(text));
  std::tm parts{};
  const char* end = strptime(value.c_str(), "%b %d %H:%M:%S %Y", &parts);
  if (end == nullptr) {
    parts = {};
    end = strptime(value.c_str(), "%Y-%m-%d %H:%M:%S", &parts);
  }
  if (end == nullptr) return 0;
  std::string_view rest = Trim(end);
  if (!rest.empty() && rest != "GMT" && rest != "UTC") return 0;
  return static_cast<std::int64_t>(timegm(&parts));
}

}  // namespace stackprobe::host

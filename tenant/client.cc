#include "tenant/client.h"

#include <algorithm>
#include <array>
#include <new>
#include <span>
#include <thread>
#include <type_traits>
#include <vector>

#include "tenant/answers.h"
#include "tenant/http.h"
#include "tenant/login_request.h"
#include "tenant/outcomes.h"
#include "tenant/request_body.h"
#include "tenant/token_cache.h"

namespace pam_idaas::tenant {

namespace {

using namespace std::chrono_literals;
using http::Clock;
using outcomes::Kind;

// Pauses before repeating a call that failed in passing (connection refused,
// 5xx, reset); two repeats at most, each only if the budget allows it.
constexpr std::array kBackoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(300)};
constexpr int kMaxRateLimitWaits = 3;
// Waiting is pointless if too little of the budget is left for the request.
constexpr auto kMinAttemptTime = 100ms;

constexpr std::string_view kJsonType =
    "application/json;charset=utf8";  // as the vendor documents it
constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

// A token is replaced when less than 60 s or a tenth of its lifetime
// remains (the vendor asks not to use one about to expire), but at most
// half its lifetime early: a token that lives a minute still serves the
// few calls of one operation.
std::chrono::seconds refresh_margin(std::chrono::seconds lifetime) {
  return std::min(std::max(std::chrono::seconds(60), lifetime / 10), lifetime / 2);
}

struct Spec {
  Kind kind;
  std::string_view what;
  http::Method method;
  std::string url;
  std::string_view content_type;
  std::string_view body;
  std::vector<std::string_view> secrets;  // kept out of details
  std::span<const std::string> headers = {};
};

// What a call needs besides the transport.
enum class Needs {
  credentials,      // client_id and the client secret: a token
  login_client_id,  // only the application the user logs in to
};

struct Exchange {
  Outcome outcome;  // ok: the tenant answered 200
  http::Response response;
};

Outcome not_utf8(policy::Rule rule, std::string_view what) {
  Outcome out;
  out.status = Status::rejected;
  out.rule = rule;
  out.detail = std::string(what) + " is not valid UTF-8 text";
  return out;
}

template <typename T>
T failure(Outcome outcome) {
  if constexpr (std::is_same_v<T, Outcome>) {
    return outcome;
  } else {
    return T{std::move(outcome), std::nullopt};
  }
}

}  // namespace

struct Client::Impl {
  Impl(TenantSettings tenant, Secret secret, std::string token_cache_directory);

  TenantSettings settings;
  Secret client_secret;
  Clock::time_point deadline;
  std::unique_ptr<http::Transport> transport;
  std::string setup_problem;                    // set when transport is not
  bool environment_refused = false;             // setup_problem is the caller's environment
  std::string credentials_problem;              // set when the calls under a token cannot work
  std::optional<login_request::Device> device;  // read at the first login

  Secret token;
  std::string token_type;
  std::chrono::seconds token_lifetime{0};
  Clock::time_point token_refresh_at;
  std::optional<TokenCache> token_cache;
  bool token_cache_consulted = false;

  // Runs `call` unless the client cannot work; no exception leaves it.
  template <typename T, typename Call>
  T run(Call call, Needs needs = Needs::credentials);

  Outcome ensure_token();
  bool adopt_cached_token();
  Outcome fetch_token();
  void drop_token();
  Exchange exchange(const Spec& spec);
  bool pause_if_it_fits(std::chrono::milliseconds wait) const;
  outcomes::Call call_of(const Spec& spec) const;
  http::Request request_of(const Spec& spec) const;
  std::string url(std::string_view path) const;
  std::string user_url(std::string_view user_id, std::string_view action) const;
  Outcome change(const Spec& spec);
  std::string_view login_client_id() const;
  Reply<LoginAnswer> login(std::string_view user_name, std::string_view password,
                           const LoginCaller& caller);
  Outcome send_change(std::string_view what, std::string_view user_id, std::string_view action,
                      const std::optional<Secret>& body, std::vector<std::string_view> secrets);
};

Client::Impl::Impl(TenantSettings tenant, Secret secret, std::string token_cache_directory)
    : settings(std::move(tenant)),
      client_secret(std::move(secret)),
      deadline(Clock::now() + std::chrono::milliseconds(settings.budget_ms)) {
  if (!token_cache_directory.empty())
    token_cache.emplace(std::move(token_cache_directory), settings);
  // Without a secret (a caller that may not read the file) the user's own
  // login still works: it needs none.
  if (settings.client_id.empty()) {
    credentials_problem = "tenant client_id is not set";
  } else if (client_secret.empty()) {
    credentials_problem = "the tenant client secret is empty";
  } else if (settings.must_modify_field.empty()) {
    credentials_problem = "tenant must_modify_field is empty";
  }
  if (std::string environment = http::environment_problem(http::process_is_secure());
      !environment.empty()) {
    setup_problem = std::move(environment);
    environment_refused = true;
  } else {
    auto made = http::Transport::create(settings);
    if (auto* problem = std::get_if<std::string>(&made)) {
      setup_problem = std::move(*problem);
    } else {
      transport = std::move(std::get<std::unique_ptr<http::Transport>>(made));
    }
  }
}

template <typename T, typename Call>
T Client::Impl::run(Call call, Needs needs) {
  if (needs == Needs::credentials && !credentials_problem.empty())
    return failure<T>(misconfigured(credentials_problem));
  if (!transport) {
    Outcome outcome = misconfigured(setup_problem);
    outcome.caller_environment = environment_refused;
    return failure<T>(std::move(outcome));
  }
  try {
    return call();
  } catch (const std::bad_alloc&) {
    return failure<T>(unavailable("out of memory in the tenant client"));
  } catch (const std::exception&) {
    // what() is not shown: a library's message may quote the data it choked on.
    return failure<T>(unavailable("internal error in the tenant client"));
  }
}

std::string Client::Impl::url(std::string_view path) const {
  return transport->base_url() + std::string(path);
}

// The id as ONE path segment: '/' and everything else outside
// [A-Za-z0-9-._~] percent-encoded, and "." or ".." spelled out so that no
// one on the way can read them as a step up.
std::string Client::Impl::user_url(std::string_view user_id, std::string_view action) const {
  const Secret escaped = transport->escape(user_id);
  std::string segment(escaped.data(), escaped.size());
  if (segment == "." || segment == "..") segment = segment == "." ? "%2E" : "%2E%2E";
  return url("/api/v2/tenant/users/") + segment + "/" + std::string(action);
}

outcomes::Call Client::Impl::call_of(const Spec& spec) const {
  return {spec.kind, spec.what, transport->base_url(), spec.secrets};
}

http::Request Client::Impl::request_of(const Spec& spec) const {
  http::Request request;
  request.method = spec.method;
  request.url = spec.url;
  request.content_type = spec.content_type;
  if (outcomes::needs_token(spec.kind)) request.bearer_token = token;
  request.headers = spec.headers;
  request.body = spec.body;
  request.deadline = deadline;
  // A login on a reused connection that libcurl silently resends could count
  // a wrong password twice.
  request.replayable = spec.kind == Kind::token || spec.kind == Kind::lookup;
  return request;
}

bool Client::Impl::pause_if_it_fits(std::chrono::milliseconds wait) const {
  if (Clock::now() + wait + kMinAttemptTime >= deadline) return false;
  std::this_thread::sleep_for(wait);
  return true;
}

// One call with everything that may be repeated safely: a fresh token after
// a 401 (the tenant did not act on the request), the wait a 429 asks for,
// and short pauses after passing failures of calls that can be resent.
Exchange Client::Impl::exchange(const Spec& spec) {
  bool token_renewed = false;
  std::size_t pauses = 0;
  int rate_limit_waits = 0;
  for (;;) {
    if (outcomes::needs_token(spec.kind)) {
      if (Outcome got = ensure_token(); !got.ok()) return {std::move(got), {}};
    }
    http::Response response = transport->perform(request_of(spec));
    const bool answered = response.code == CURLE_OK;
    if (answered && response.status == 401 && outcomes::needs_token(spec.kind) && !token_renewed) {
      token_renewed = true;
      drop_token();
      if (token_cache) token_cache->forget();  // revoked or from another tenant instance
      continue;
    }
    if (answered && response.status == 429) {
      const auto wait =
          response.retry_after_s >= 0
              ? std::chrono::milliseconds(std::chrono::seconds(response.retry_after_s))
              : kBackoff[std::min<std::size_t>(static_cast<std::size_t>(rate_limit_waits),
                                               kBackoff.size() - 1)];
      if (rate_limit_waits < kMaxRateLimitWaits && pause_if_it_fits(wait)) {
        ++rate_limit_waits;
        continue;
      }
    } else if (outcomes::transient(response) && outcomes::may_resend(spec.kind, response) &&
               pauses < kBackoff.size() && pause_if_it_fits(kBackoff[pauses])) {
      ++pauses;
      continue;
    }
    Outcome outcome = outcomes::classify(call_of(spec), response);
    return {std::move(outcome), std::move(response)};
  }
}

Outcome Client::Impl::ensure_token() {
  if (!token.empty() && Clock::now() < token_refresh_at) return {};
  if (adopt_cached_token()) return {};
  return fetch_token();
}

// Once per client: after that the cache holds nothing this client lacks.
bool Client::Impl::adopt_cached_token() {
  if (!token_cache || token_cache_consulted) return false;
  token_cache_consulted = true;
  auto stored = token_cache->load();
  if (!stored) return false;
  token = std::move(stored->access_token);
  token_type = std::move(stored->token_type);
  token_lifetime = stored->lifetime;
  token_refresh_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        stored->refresh_at - std::chrono::system_clock::now());
  return true;
}

void Client::Impl::drop_token() {
  token.wipe();
  token_refresh_at = {};
}

Outcome Client::Impl::fetch_token() {
  drop_token();
  Secret body("grant_type=client_credentials&client_id=");
  body += transport->escape(settings.client_id);
  body += "&client_secret=";
  body += transport->escape(client_secret);
  const Spec spec{
      Kind::token, "token request", http::Method::post, url("/api/v2/tenant/token"), kFormType,
      body,        {client_secret}};
  const auto requested_at = Clock::now();  // the lifetime counts from before the answer
  Exchange exchange_done = exchange(spec);
  if (!exchange_done.outcome.ok()) return exchange_done.outcome;
  auto parsed = answers::token(answers::parse(exchange_done.response.body));
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    return outcomes::unreadable_answer(call_of(spec), exchange_done.response, *problem);
  }
  auto& granted = std::get<answers::Token>(parsed);
  token = std::move(granted.access_token);
  token_type = granted.token_type;
  token_lifetime = granted.expires_in;
  token_refresh_at = requested_at + token_lifetime - refresh_margin(token_lifetime);
  if (token_cache) {
    token_cache_consulted = true;
    const auto fresh_for = token_refresh_at - Clock::now();
    token_cache->store({token, token_type, token_lifetime,
                        std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                            std::chrono::system_clock::now() + fresh_for)});
  }
  return {};
}

// Both change endpoints: a PUT of a JSON body that carries passwords.
Outcome Client::Impl::send_change(std::string_view what, std::string_view user_id,
                                  std::string_view action, const std::optional<Secret>& body,
                                  std::vector<std::string_view> secrets) {
  if (user_id.empty()) return misconfigured("no user_id for the " + std::string(what));
  if (!body) return not_utf8(policy::Rule::invalid_utf8, "the password");
  return change({Kind::change, what, http::Method::put, user_url(user_id, action), kJsonType, *body,
                 std::move(secrets)});
}

Outcome Client::Impl::change(const Spec& spec) {
  Exchange exchange_done = exchange(spec);
  if (!exchange_done.outcome.ok()) return exchange_done.outcome;
  const std::string problem =
      answers::change_answer_problem(answers::parse(exchange_done.response.body));
  if (!problem.empty())
    return outcomes::unreadable_answer(call_of(spec), exchange_done.response, problem);
  return {};
}

// settings.login_client_id, or client_id for settings made without the
// config (which defaults one to the other).
std::string_view Client::Impl::login_client_id() const {
  return settings.login_client_id.empty() ? settings.client_id : settings.login_client_id;
}

Reply<LoginAnswer> Client::Impl::login(std::string_view user_name, std::string_view password,
                                       const LoginCaller& caller) {
  using Answer = Reply<LoginAnswer>;
  const auto body = request_body::object({{"user_name", user_name}, {"password", password}});
  if (!body) {
    const bool name_ok = request_body::object({{"user_name", user_name}}).has_value();
    return failure<Answer>(name_ok ? not_utf8(policy::Rule::invalid_utf8, "the password")
                                   : not_utf8(policy::Rule::user_not_found, "the user name"));
  }
  if (!device) device = login_request::this_device();
  auto lines = login_request::headers(login_client_id(), *device, caller);
  if (auto* problem = std::get_if<std::string>(&lines))
    return failure<Answer>(misconfigured(std::move(*problem)));
  const auto& header_lines = std::get<std::vector<std::string>>(lines);
  const Spec spec{Kind::login, "login", http::Method::post, url("/api/v2/sdk/login"),
                  kJsonType,   *body,   {password},         header_lines};
  Exchange exchange_done = exchange(spec);
  if (!exchange_done.outcome.ok()) return failure<Answer>(std::move(exchange_done.outcome));
  // The answer's tokens are of no use here: the raw answer is wiped at once,
  // and the parsed copy, in wiping memory, dies with this call unread.
  const auto document = answers::parse(exchange_done.response.body);
  exchange_done.response.body.wipe();
  auto parsed = answers::login(document);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    return failure<Answer>(
        outcomes::unreadable_answer(call_of(spec), exchange_done.response, *problem));
  }
  return {Outcome{}, std::get<LoginAnswer>(parsed)};
}

Client::Client(TenantSettings settings, Secret client_secret, std::string token_cache_directory)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(client_secret),
                                   std::move(token_cache_directory))) {}

Client::~Client() = default;

void Client::restart_budget() {
  impl_->deadline = Clock::now() + std::chrono::milliseconds(impl_->settings.budget_ms);
}

Reply<TokenInfo> Client::ping() {
  return impl_->run<Reply<TokenInfo>>([this] {
    Reply<TokenInfo> result;
    result.outcome = impl_->ensure_token();
    if (result.outcome.ok()) result.value = TokenInfo{impl_->token_lifetime, impl_->token_type};
    return result;
  });
}

Reply<UserRecord> Client::find_user(std::string_view user_name) {
  return impl_->run<Reply<UserRecord>>([&]() -> Reply<UserRecord> {
    const auto body = request_body::object({{"user_name", user_name}});
    if (!body)
      return failure<Reply<UserRecord>>(not_utf8(policy::Rule::user_not_found, "the user name"));
    const Spec spec{Kind::lookup,
                    "user lookup",
                    http::Method::post,
                    impl_->url("/api/v2/tenant/users/user-by-username"),
                    kJsonType,
                    *body,
                    {}};
    Exchange exchange_done = impl_->exchange(spec);
    if (!exchange_done.outcome.ok())
      return failure<Reply<UserRecord>>(std::move(exchange_done.outcome));
    auto parsed = answers::user(answers::parse(exchange_done.response.body));
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
      return failure<Reply<UserRecord>>(
          outcomes::unreadable_answer(impl_->call_of(spec), exchange_done.response, *problem));
    }
    // A record for another name would have a root reset change another account.
    const auto& record = std::get<UserRecord>(parsed);
    if (const std::string problem = answers::foreign_record_problem(record, user_name);
        !problem.empty()) {
      return failure<Reply<UserRecord>>(
          outcomes::unreadable_answer(impl_->call_of(spec), exchange_done.response, problem));
    }
    return {Outcome{}, std::move(std::get<UserRecord>(parsed))};
  });
}

Outcome Client::change_password(std::string_view user_id, std::string_view old_password,
                                std::string_view new_password) {
  return impl_->run<Outcome>([&]() -> Outcome {
    const auto body =
        request_body::object({{"password", new_password}, {"old_password", old_password}});
    return impl_->send_change("password change", user_id, "change-password-verify", body,
                              {old_password, new_password});
  });
}

Outcome Client::reset_password(std::string_view user_id, std::string_view new_password,
                               bool must_modify) {
  return impl_->run<Outcome>([&]() -> Outcome {
    const auto body = request_body::object(
        {{"password", new_password}, {impl_->settings.must_modify_field, must_modify}});
    return impl_->send_change("password reset", user_id, "change-password", body, {new_password});
  });
}

Reply<LoginAnswer> Client::login(std::string_view user_name, std::string_view password,
                                 const LoginCaller& caller) {
  return impl_->run<Reply<LoginAnswer>>([&] { return impl_->login(user_name, password, caller); },
                                        Needs::login_client_id);
}

}  // namespace pam_idaas::tenant

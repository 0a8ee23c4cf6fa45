// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/testing/test_context.h"

#include "basic_fake_context.h"

namespace stackprobe::testing {
namespace {

// The host-side fake behind each public context type.
template <class Context>
struct FakeOf;
template <>
struct FakeOf<ProbeContext> {
  using type = FakeProbeContext;
};
template <>
struct FakeOf<SinkContext> {
  using type = FakeSinkContext;
};
template <>
struct FakeOf<ActionContext> {
  using type = FakeActionContext;
};

}  // namespace

template <class Context>
struct BasicTestContext<Context>::Impl {
  Impl(std::string instance_name, std::chrono::milliseconds timeout)
      : fake(std::move(instance_name), timeout) {}
  typename FakeOf<Context>::type fake;
};

template <class Context>
BasicTestContext<Context>::BasicTestContext(std::string instance_name,
                                            std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(std::move(instance_name), timeout)) {}

template <class Context>
BasicTestContext<Context>::~BasicTestContext() = default;

template <class Context>
Context& BasicTestContext<Context>::context() {
  return impl_->fake.context();
}

template <class Context>
void BasicTestContext<Context>::Reset(std::chrono::milliseconds timeout) {
  impl_->fake.Reset(timeout);
}

template <class Context>
void BasicTestContext<Context>::Cancel(bool cancelled) {
  impl_->fake.Cancel(cancelled);
}

template <class Context>
void BasicTestContext<Context>::SetLatestResult(const std::string& probe,
                                                ProbeRecord record) {
  impl_->fake.SetLatestResult(probe, std::move(record));
}

template <class Context>
std::vector<std::string> BasicTestContext<Context>::logs() const {
  return impl_->fake.logs();
}

template <class Context>
bool BasicTestContext<Context>::HasLog(std::string_view needle) const {
  return impl_->fake.HasLog(needle);
}

template class BasicTestContext<ProbeContext>;
template class BasicTestContext<SinkContext>;
template class BasicTestContext<ActionContext>;

TestActionContext::TestActionContext(std::string instance_name,
                                     std::chrono::milliseconds timeout)
    : BasicTestContext(std::move(instance_name), timeout) {}

void TestActionContext::SetProbeResult(const std::string& probe,
                                       ProbeRecord record) {
  impl_->fake.SetProbeResult(probe, std::move(record));
}

void TestActionContext::SetRunProbeHandler(RunProbeHandler handler) {
  impl_->fake.SetRunProbeHandler(std::move(handler));
}

void TestActionContext::SetProbeNames(std::vector<std::string> names) {
  impl_->fake.SetProbeNames(std::move(names));
}

std::vector<std::string> TestActionContext::progress() const {
  return impl_->fake.progress();
}

std::vector<std::string> TestActionContext::probes_run() const {
  return impl_->fake.probes_run();
}

}  // namespace stackprobe::testing

// models/lambda/admission.cc — PlatformCore's out-of-line entry points for admission, an
// invocation's start and its completion (core.h). Their bodies are in admission_path.h, always
// inline there, shared with the platform's synchronous path.
#include "models/lambda/admission_path.h"

namespace lambdasim {

Admission PlatformCore::TryAdmit(size_t f) { return AdmitInline(f); }
Admission PlatformCore::TryAdmitPlain(size_t f) { return AdmitInline<true>(f); }

void PlatformCore::StartInvocation(uint32_t env, Caller caller, uint32_t caller_index,
                                   sim::Time origin, int64_t duration_ns, bool cold,
                                   bool on_provisioned) {
  StartInline(env, caller, caller_index, origin, duration_ns, cold, on_provisioned);
}

void PlatformCore::Complete(uint32_t env, Environment* copy_out) { CompleteInline(env, copy_out); }

void PlatformCore::ChargeInvocation(size_t f, bool on_provisioned, int64_t billed_init_ns,
                                    int64_t run_ns) {
  Charge(f, on_provisioned, billed_init_ns, run_ns);
}

}  // namespace lambdasim

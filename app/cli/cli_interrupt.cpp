// SIGINT/SIGTERM -> CancelToken. The handler only stores to a lock-free atomic, which is
// async-signal-safe; the engine polls the token once per batch.
#include "cli_interrupt.h"

#include <csignal>

namespace featurelab::cli {

namespace {

CancelToken& token() {
    static CancelToken t;
    return t;
}

extern "C" void onInterrupt(int signal) {
    token().cancel();
    std::signal(signal, SIG_DFL);  // the second Ctrl-C is not polite
}

}  // namespace

const CancelToken& cancelOnInterrupt() {
    static const bool installed = [] {
        (void)token();  // constructed before the handler can run
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
        return true;
    }();
    (void)installed;
    return token();
}

bool interrupted() { return token().cancelled(); }

}  // namespace featurelab::cli

// featurelab-cli: the headless front end. Same engine, same recipe as the GUI.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "commands.h"
#include "featurelab/error.h"

namespace {

struct Command {
    const char* name;
    const char* usage;
    int (*run)(int, char**);
};

const Command kCommands[] = {
    {"scan", "scan DATA_DIR [--json]", featurelab::cli::runScan},
    {"extract", "extract --data DIR --backbone SPEC [--layer NAME] [--cache-dir DIR] [--workers N]",
     featurelab::cli::runExtract},
    {"summary", "summary --backbone SPEC", featurelab::cli::runSummary},
    {"classify", "classify --backbone SPEC IMAGE_OR_DIR... [--top K] [--csv OUT]",
     featurelab::cli::runClassify},
    {"recipe",
     "recipe --data DIR --backbone SPEC [--stages linear,last,dense,conv] [--epochs N] "
     "[--lr ...] [--seed N] --out RUN_DIR",
     featurelab::cli::runRecipe},
    {"predict",
     "predict --model RUN_DIR|MODEL.safetensors|MODEL.h5 --data DIR_OR_FOLDER --csv OUT "
     "[--submission [--clip C]]",
     featurelab::cli::runPredict},
    {"show", "show RUN_DIR", featurelab::cli::runShow},
    {"export",
     "export --model RUN_DIR/model.safetensors --out FILE.h5|FILE.safetensors "
     "[--format keras|safetensors]",
     featurelab::cli::runExport},
};

void printUsage(std::FILE* out) {
    std::fprintf(out, "Featurelab: transfer learning on image folders.\n\nUsage:\n");
    for (const auto& c : kCommands) std::fprintf(out, "  featurelab-cli %s\n", c.usage);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (const auto& c : kCommands) {
        if (std::strcmp(argv[1], c.name) != 0) continue;
        try {
            return c.run(argc - 2, argv + 2);
        } catch (const featurelab::Error& e) {
            std::fprintf(stderr, "featurelab-cli %s: %s\n", c.name, e.what());
            return e.code() == featurelab::ErrorCode::InvalidArgument ? 2 : 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "featurelab-cli %s: unexpected error: %s\n", c.name, e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "featurelab-cli: unknown command '%s'\n\n", argv[1]);
    printUsage(stderr);
    return 2;
}

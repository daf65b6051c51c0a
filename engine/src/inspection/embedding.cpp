// TEMPORARY: link target for the GUI while the implementation lands (replaced in the next
// commit; see featurelab/embedding.h).
#include "featurelab/embedding.h"

#include "featurelab/error.h"

namespace featurelab {

const char* embeddingMethodName(EmbeddingMethod method) {
    return method == EmbeddingMethod::Pca ? "pca" : "tsne";
}

EmbeddingMethod parseEmbeddingMethod(const std::string& name) {
    if (name == "pca") return EmbeddingMethod::Pca;
    if (name == "tsne") return EmbeddingMethod::Tsne;
    throw Error(ErrorCode::InvalidArgument, "Unknown embedding method '" + name + "'.");
}

Embedding computeEmbedding(const EmbeddingOptions&, const JobControl&) {
    throw Error(ErrorCode::Internal, "computeEmbedding is not implemented yet.");
}

void writeEmbeddingCsv(const std::string&, const Embedding&) {
    throw Error(ErrorCode::Internal, "writeEmbeddingCsv is not implemented yet.");
}

}  // namespace featurelab

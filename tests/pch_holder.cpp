// Owns the precompiled <torch/torch.h> that the engine tests reuse; never run as a test.
int main() { return 0; }

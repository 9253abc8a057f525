package dev.focusnfix.nn.module;

/** How {@link Module#initialize} fills a parameter with random (or constant) values. */
public enum ParameterInit {
    /** All zeros (biases, LoRA up-projections). */
    ZEROS,
    /** All ones (normalisation scales). */
    ONES,
    /**
     * Uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} where fanIn is the product of all axes but the first: the
     * bound PyTorch's default kaiming-uniform (a = sqrt 5) gives Linear and Conv weights.
     */
    FAN_IN_UNIFORM,
    /** Standard normal (embedding tables, as PyTorch initialises them). */
    NORMAL
}

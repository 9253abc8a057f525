package dev.focusnfix.plugins.sld;

/**
 * diffusers' {@code SafetyConfig} presets (diffusers v0.25.0,
 * {@code pipelines/stable_diffusion_safe/__init__.py}), tuned by the SLD authors for 50 DDIM steps.
 */
public enum SldPreset {
    /** {@code SafetyConfig.WEAK}. */
    WEAK(new SldParameters(20f, 15, 0.0f, 0.0f, 0.0f)),
    /** {@code SafetyConfig.MEDIUM}, also the pipeline's defaults. */
    MEDIUM(new SldParameters(1000f, 10, 0.01f, 0.3f, 0.4f)),
    /** {@code SafetyConfig.STRONG}. */
    STRONG(new SldParameters(2000f, 7, 0.025f, 0.5f, 0.7f)),
    /** {@code SafetyConfig.MAX}. */
    MAX(new SldParameters(5000f, 0, 1.0f, 0.5f, 0.7f));

    private final SldParameters parameters;

    SldPreset(SldParameters parameters) {
        this.parameters = parameters;
    }

    /** The preset's values. */
    public SldParameters parameters() {
        return parameters;
    }
}

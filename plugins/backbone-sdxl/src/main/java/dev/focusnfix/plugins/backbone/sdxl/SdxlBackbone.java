package dev.focusnfix.plugins.backbone.sdxl;

import dev.focusnfix.nn.backbone.PipelineBackbone;
import dev.focusnfix.nn.pipeline.PipelineFamily;
import org.pf4j.Extension;

/** The `sdxl` backbone: SDXL pipelines in the diffusers folder layout. */
@Extension
public final class SdxlBackbone extends PipelineBackbone {

    /** The backbone; models load in {@code open}. */
    public SdxlBackbone() {
        super("sdxl", PipelineFamily.STABLE_DIFFUSION_XL);
    }
}

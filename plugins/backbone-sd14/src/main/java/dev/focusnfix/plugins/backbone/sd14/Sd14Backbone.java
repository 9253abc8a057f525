package dev.focusnfix.plugins.backbone.sd14;

import dev.focusnfix.nn.backbone.PipelineBackbone;
import dev.focusnfix.nn.pipeline.PipelineFamily;
import org.pf4j.Extension;

/** The `sd14` backbone: Stable Diffusion v1.x pipelines in the diffusers folder layout. */
@Extension
public final class Sd14Backbone extends PipelineBackbone {

    /** The backbone; models load in {@code open}. */
    public Sd14Backbone() {
        super("sd14", PipelineFamily.STABLE_DIFFUSION);
    }
}

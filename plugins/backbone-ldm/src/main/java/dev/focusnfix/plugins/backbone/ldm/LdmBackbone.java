package dev.focusnfix.plugins.backbone.ldm;

import dev.focusnfix.nn.backbone.PipelineBackbone;
import dev.focusnfix.nn.pipeline.PipelineFamily;
import org.pf4j.Extension;

/** The `ldm` backbone: LDM text-to-image pipelines in the diffusers folder layout. */
@Extension
public final class LdmBackbone extends PipelineBackbone {

    /** The backbone; models load in {@code open}. */
    public LdmBackbone() {
        super("ldm", PipelineFamily.LDM);
    }
}

package dev.focusnfix.plugins.backbone.sdxl;

import dev.focusnfix.sdk.backbone.DiffusersBackbone;
import dev.focusnfix.sdk.backbone.DiffusersFamily;
import org.pf4j.Extension;

/** The `sdxl` backbone: SDXL pipelines in the diffusers folder layout. */
@Extension
public final class SdxlBackbone extends DiffusersBackbone {

    /** The backbone; models load in {@code open}. */
    public SdxlBackbone() {
        super("sdxl", DiffusersFamily.STABLE_DIFFUSION_XL);
    }
}

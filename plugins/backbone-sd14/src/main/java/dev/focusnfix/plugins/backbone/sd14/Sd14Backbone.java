package dev.focusnfix.plugins.backbone.sd14;

import dev.focusnfix.sdk.backbone.DiffusersBackbone;
import dev.focusnfix.sdk.backbone.DiffusersFamily;
import org.pf4j.Extension;

/** The `sd14` backbone: Stable Diffusion v1.x pipelines in the diffusers folder layout. */
@Extension
public final class Sd14Backbone extends DiffusersBackbone {

    /** The backbone; models load in {@code open}. */
    public Sd14Backbone() {
        super("sd14", DiffusersFamily.STABLE_DIFFUSION);
    }
}

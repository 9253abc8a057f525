package dev.focusnfix.plugins.backbone.ldm;

import dev.focusnfix.sdk.backbone.DiffusersBackbone;
import dev.focusnfix.sdk.backbone.DiffusersFamily;
import org.pf4j.Extension;

/** The `ldm` backbone: LDM text-to-image pipelines in the diffusers folder layout. */
@Extension
public final class LdmBackbone extends DiffusersBackbone {

    /** The backbone; models load in {@code open}. */
    public LdmBackbone() {
        super("ldm", DiffusersFamily.LDM);
    }
}

package dev.focusnfix.core.plugin;

import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.NamedExtension;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RewardModel;

/** The four extension points, with the YAML section that selects each. */
public enum ExtensionKind {
    /** Diffusion backbones. */
    BACKBONE(DiffusionBackbone.class, "backbone"),
    /** Rewards. */
    REWARD(RewardModel.class, "reward"),
    /** Region functions. */
    REGION(RegionFunction.class, "region"),
    /** Tuners. */
    TUNER(FineTuner.class, "tuner");

    private final Class<? extends NamedExtension<?>> type;
    private final String section;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ExtensionKind(Class<? extends NamedExtension> type, String section) {
        this.type = (Class<? extends NamedExtension<?>>) (Class) type;
        this.section = section;
    }

    /** The extension point interface. */
    public Class<? extends NamedExtension<?>> type() {
        return type;
    }

    /** The experiment section naming extensions of this kind. */
    public String section() {
        return section;
    }
}

package dev.focusnfix.core.experiment;

import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.OptionsBinder;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code backbone:} section: the backbone plugin, the model folder and default sampling settings; any other key
 * is the plugin's own option.
 *
 * @param component the plugin id and its options
 * @param common the settings every backbone shares
 */
public record BackboneSection(ComponentSection component, Common common) {

    /**
     * Settings every backbone shares.
     *
     * @param model pipeline folder: a path (relative to the experiment file) or {@code builtin:NAME}
     * @param resolution square image size, unless height and width are given
     * @param height image height
     * @param width image width
     * @param steps DDIM steps
     * @param guidance classifier-free guidance scale
     * @param eta DDIM eta
     */
    public record Common(
            String model,
            Optional<Integer> resolution,
            Optional<Integer> height,
            Optional<Integer> width,
            @DefaultValue("50") @Range(min = 1, max = 1000) int steps,
            @DefaultValue("7.5") @Range(min = 0) float guidance,
            @DefaultValue("0") @Range(min = 0, max = 1) float eta) {

        /** The sampling settings, with {@code resolution} filling a missing height or width. */
        public SamplingSettings sampling(int modelDefault) {
            int h = height.orElse(resolution.orElse(modelDefault));
            int w = width.orElse(resolution.orElse(modelDefault));
            return new SamplingSettings(h, w, steps, guidance, eta);
        }
    }

    /** The keys every backbone shares (bound by the framework, not the plugin). */
    static final Set<String> COMMON_KEYS = Set.copyOf(OptionsBinder.optionNames(Common.class));

    static OptionsBinder.Converter<BackboneSection> converter() {
        return (node, path, binder) -> {
            ComponentSection component = ComponentSection.read(node, path, COMMON_KEYS);
            ConfigMap map = (ConfigMap) node;
            ConfigMap commonKeys = map.without(k -> !COMMON_KEYS.contains(k));
            Common common = binder.bind(commonKeys, Common.class, path);
            for (String key : new String[] {"resolution", "height", "width"}) {
                Optional<?> v =
                        switch (key) {
                            case "resolution" -> common.resolution();
                            case "height" -> common.height();
                            default -> common.width();
                        };
                if (v.isPresent() && ((Integer) v.get()) <= 0) {
                    throw new ConfigException(
                            map.get(key).location(),
                            OptionsBinder.join(path, key),
                            "must be a positive number of pixels, got " + v.get());
                }
            }
            return new BackboneSection(component, common);
        };
    }
}

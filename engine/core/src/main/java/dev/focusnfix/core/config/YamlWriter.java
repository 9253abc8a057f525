package dev.focusnfix.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes a configuration tree back as block-style YAML (the resolved {@code experiment.yaml} of a run). */
public final class YamlWriter {

    private YamlWriter() {}

    /** The tree as YAML text. */
    public static String write(ConfigNode node) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(plain(node));
    }

    /** The tree as plain maps, lists and scalars. */
    public static Object plain(ConfigNode node) {
        if (node instanceof ConfigScalar s) {
            return s.value();
        }
        if (node instanceof ConfigList l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((ConfigMap) node).entries().forEach((k, e) -> out.put(k, plain(e.value())));
        return out;
    }
}

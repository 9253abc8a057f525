package dev.focusnfix.nn.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An ordered list of child modules named {@code 0, 1, 2, ...}, as PyTorch's {@code nn.ModuleList}. */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {

    private final List<M> items = new ArrayList<>();

    /** Appends a module under the next index and returns it. */
    public M add(M module) {
        register(String.valueOf(items.size()), module);
        items.add(module);
        return module;
    }

    /** The module at {@code index}. */
    public M get(int index) {
        return items.get(index);
    }

    /** How many modules the list holds. */
    public int size() {
        return items.size();
    }

    /** Whether the list holds no module. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** An unmodifiable view of the modules in order. */
    public List<M> asList() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }
}

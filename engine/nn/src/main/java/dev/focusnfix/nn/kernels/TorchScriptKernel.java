package dev.focusnfix.nn.kernels;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * One parameter-free TorchScript module, loaded for autograd ({@code trainParam}) on the PyTorch engine, whose
 * {@code forward} takes tensors and returns one tensor that stays connected to the inputs' graph.
 */
final class TorchScriptKernel implements AutoCloseable {

    private final String name;
    private final Model model;

    private TorchScriptKernel(String name, Model model) {
        this.name = name;
        this.model = model;
    }

    /** Loads {@code file}; any failure comes back as the engine's exception. */
    static TorchScriptKernel load(String name, Path file) throws Exception {
        Model model = Model.newInstance("focusnfix-kernel-" + name, Device.cpu(), "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", "true"));
            return new TorchScriptKernel(name, model);
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** Runs the module; the result lives in the first input's manager. */
    NDArray apply(NDArray... inputs) {
        NDList in = new NDList(inputs.length);
        NDList views = new NDList();
        for (NDArray x : inputs) {
            if (x.getName() == null) {
                in.add(x);
            } else {
                // PyTorch reads named inputs as members of a tuple: pass an unnamed view (reshape keeps the graph,
                // DJL's clone would cut it).
                NDArray view = x.reshape(x.getShape());
                view.setName(null);
                views.add(view);
                in.add(view);
            }
        }
        try {
            ParameterStore store = new ParameterStore(inputs[0].getManager(), false);
            // training = true lets the module record autograd whenever the caller does (inside a gradient
            // collector); the module has no dropout or batch statistics, so train() and eval() compute the same.
            NDList out = model.getBlock().forward(store, in, true);
            NDArray result = out.singletonOrThrow();
            result.setName(null);
            return result;
        } finally {
            views.close();
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

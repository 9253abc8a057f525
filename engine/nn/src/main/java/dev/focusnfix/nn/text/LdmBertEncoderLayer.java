package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.LayerNorm;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import java.util.function.UnaryOperator;

/**
 * One pre-LN LDMBert layer (BART naming):
 * {@code h = x + self_attn(self_attn_layer_norm(x)); out = h + fc2(act(fc1(final_layer_norm(h))))}.
 */
public final class LdmBertEncoderLayer extends Module {

    private final SelfAttention selfAttn;
    private final LayerNorm selfAttnLayerNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm finalLayerNorm;
    private final UnaryOperator<NDArray> activation;

    public LdmBertEncoderLayer(LdmBertConfig config) {
        int dModel = config.dModel();
        this.selfAttn = register(
                "self_attn", new SelfAttention(dModel, config.encoderAttentionHeads(), config.headDim(), false));
        this.selfAttnLayerNorm = register("self_attn_layer_norm", new LayerNorm(dModel, LdmBertConfig.LAYER_NORM_EPS));
        this.fc1 = register("fc1", new Linear(dModel, config.encoderFfnDim(), true));
        this.fc2 = register("fc2", new Linear(config.encoderFfnDim(), dModel, true));
        this.finalLayerNorm = register("final_layer_norm", new LayerNorm(dModel, LdmBertConfig.LAYER_NORM_EPS));
        this.activation = Activations.byName(config.activationFunction());
    }

    /** x [batch, seq, d_model] -> same shape; no attention mask (the LDM pipeline passes none). */
    public NDArray forward(NDArray x) {
        NDArray normed = selfAttnLayerNorm.forward(x);
        NDArray attended = selfAttn.forward(normed, null);
        normed.close();
        NDArray h = x.add(attended);
        attended.close();

        NDArray normed2 = finalLayerNorm.forward(h);
        NDArray hidden = fc1.forward(normed2);
        normed2.close();
        NDArray activated = activation.apply(hidden);
        hidden.close();
        NDArray fed = fc2.forward(activated);
        activated.close();
        NDArray out = h.add(fed);
        h.close();
        fed.close();
        return out;
    }
}

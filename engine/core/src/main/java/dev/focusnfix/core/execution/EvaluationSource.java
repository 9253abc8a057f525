package dev.focusnfix.core.execution;

import java.io.Serializable;

/**
 * How a process that is not the driver opens what evaluating a variant's items needs (backbone, rewards, region
 * function, the variant's adapter): serializable, so that it travels to Spark executors, which open it once per
 * executor and keep it (keyed by {@link #key}).
 */
public interface EvaluationSource extends Serializable {

    /** What defines the opened parts: two sources with the same key open the same thing. */
    String key();

    /** Opens the parts; the caller closes them. */
    OpenEvaluation open() throws Exception;
}

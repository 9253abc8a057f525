/**
 * Checkpoint I/O: a memory-mapped, header-validating safetensors reader ({@link dev.focusnfix.nn.weights.SafetensorsReader}),
 * an atomic writer ({@link dev.focusnfix.nn.weights.SafetensorsWriter}) and {@link dev.focusnfix.nn.weights.StateDict},
 * the name-to-tensor map that modules load from, resolving diffusers/HF component folders (sharded and variant files)
 * and tracking which keys were used.
 */
package dev.focusnfix.nn.weights;

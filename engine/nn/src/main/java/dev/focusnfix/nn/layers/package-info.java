/**
 * Basic layers on DJL's functional operators (linear, convolution, group and layer norm, embedding, GEGLU) and the
 * activation functions of diffusers and HF transformers. Every forward computes in its input's manager and never
 * creates arrays in the parameters' manager.
 */
package dev.focusnfix.nn.layers;

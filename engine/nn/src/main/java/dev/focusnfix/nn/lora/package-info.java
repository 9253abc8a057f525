/**
 * Low-rank adapters on Linear layers: creating trainable ones ({@link dev.focusnfix.nn.lora.LoraNetwork#create}),
 * loading diffusers/PEFT and kohya files, saving in the diffusers/PEFT format, run-time scales, merging, and
 * combining several adapters.
 */
package dev.focusnfix.nn.lora;

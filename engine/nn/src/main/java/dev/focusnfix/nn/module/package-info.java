/**
 * Named module trees whose dotted parameter names match PyTorch state-dict keys: {@link
 * dev.focusnfix.nn.module.Module}, {@link dev.focusnfix.nn.module.ModuleList} and {@link
 * dev.focusnfix.nn.module.Parameter}. Parameters get their arrays from a checkpoint ({@code load}) or from seeded
 * random initialisation ({@code initialize}).
 */
package dev.focusnfix.nn.module;

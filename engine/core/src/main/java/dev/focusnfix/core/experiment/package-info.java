/** Experiments: the YAML schema, loading with overrides, and validation against the installed plugins. */
package dev.focusnfix.core.experiment;

/**
 * Configuration: safe YAML parsing into a position-aware tree, command-line overrides, and binding to records with
 * errors that name the file, line, column and key path.
 */
package dev.focusnfix.core.config;

/**
 * Reading model configs: {@link dev.focusnfix.nn.config.ConfigJson}, typed access to a JSON config with the reference
 * library's defaults and errors that name the file and the key, shared by every component that reads one.
 */
package dev.focusnfix.nn.config;

/** An example third-party plugin: a colorfulness reward built against plugin-api alone. */
package dev.focusnfix.examples.colorfulness;

/** Framework services bound in Guice: device settings, model locator and cache, output folders, progress. */
package dev.focusnfix.core.services;

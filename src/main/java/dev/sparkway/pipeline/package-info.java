/**
 * The pipeline plug-in interface: parameters and their validation, the per-job context a pipeline runs with,
 * and the registry of pipeline beans.
 */
package dev.sparkway.pipeline;

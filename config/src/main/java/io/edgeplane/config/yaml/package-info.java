/**
 * A YAML document as a tree that remembers where each key and value stood, read with Jackson's
 * streaming YAML parser; anchors, aliases, merge keys and ${VAR} expansion are resolved here.
 */
package io.edgeplane.config.yaml;

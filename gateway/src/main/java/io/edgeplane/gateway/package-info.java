/**
 * The edgeplane binary: command line, wiring of the services to one config, reload, and the admin server.
 */
package io.edgeplane.gateway;

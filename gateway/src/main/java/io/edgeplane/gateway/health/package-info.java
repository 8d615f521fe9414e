/** What one service reads of another's health, built from the running services: the proxy's, for VRRP tracking. */
package io.edgeplane.gateway.health;

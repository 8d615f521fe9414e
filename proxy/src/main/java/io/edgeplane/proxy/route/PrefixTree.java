package io.edgeplane.proxy.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The path prefixes of one host group as a radix tree: a path is walked down once, without copying
 * it, to the longest prefix that has routes; {@link PrefixRoutes#shorter()} then leads through every
 * shorter matching prefix. Prefixes are plain character prefixes, not path segments, as in nginx:
 * {@code /app} matches {@code /apple}.
 */
final class PrefixTree {

    private final Node root;

    private PrefixTree(Node root) {
        this.root = root;
    }

    /**
     * The routes of the longest prefix of {@code path} that has routes, or null. The chain of
     * {@link PrefixRoutes#shorter()} holds the other matching prefixes, longest first.
     */
    PrefixRoutes longest(String path) {
        Node node = root;
        PrefixRoutes longest = root.routes;
        int at = 0;
        while (at < path.length()) {
            Node child = node.child(path.charAt(at));
            if (child == null || !path.regionMatches(at, child.edge, 0, child.edge.length())) {
                break;
            }
            at += child.edge.length();
            node = child;
            longest = child.routes;
        }
        return longest;
    }

    /**
     * The routes whose prefix is {@code prefix}, in written order, and the routes of the next shorter
     * prefix that has any: prefixes nest, so every prefix of a path that matches lies on this chain.
     */
    record PrefixRoutes(String prefix, int[] routes, PrefixRoutes shorter) {
    }

    /**
     * A node reached by {@code edge}. It stores the routes of the nearest prefix at or above it rather
     * than only its own, so a walk just keeps the last node's and needs no stack to go back up.
     */
    private static final class Node {
        private final String edge;
        private final PrefixRoutes routes;
        /** First characters of the children's edges, sorted, for a binary search. */
        private final char[] firsts;
        private final Node[] children;

        Node(String edge, PrefixRoutes routes, char[] firsts, Node[] children) {
            this.edge = edge;
            this.routes = routes;
            this.firsts = firsts;
            this.children = children;
        }

        Node child(char first) {
            int i = Arrays.binarySearch(firsts, first);
            return i < 0 ? null : children[i];
        }
    }

    /** Collects prefixes in a character-per-node tree, then freezes it into the radix tree. */
    static final class Builder {

        private final Draft root = new Draft();

        /** Adds a route; routes must be added in written order. The empty prefix matches every path. */
        void add(String prefix, int route) {
            Draft node = root;
            for (int i = 0; i < prefix.length(); i++) {
                node = node.children.computeIfAbsent(prefix.charAt(i), c -> new Draft());
            }
            node.routes.add(route);
        }

        PrefixTree build() {
            PrefixRoutes rootRoutes = root.routes.isEmpty() ? null : new PrefixRoutes("", toArray(root.routes), null);
            return new PrefixTree(new Node("", rootRoutes, firsts(root), freezeChildren(root, "", rootRoutes)));
        }

        private static Node[] freezeChildren(Draft parent, String parentPrefix, PrefixRoutes above) {
            Node[] children = new Node[parent.children.size()];
            int i = 0;
            for (Map.Entry<Character, Draft> child : parent.children.entrySet()) {
                children[i++] = freeze(child.getValue(), parentPrefix, String.valueOf(child.getKey()), above);
            }
            return children;
        }

        private static Node freeze(Draft node, String parentPrefix, String edgeStart, PrefixRoutes above) {
            // A run of nodes with no routes and one child is one edge: fewer hops on every lookup.
            StringBuilder edge = new StringBuilder(edgeStart);
            while (node.routes.isEmpty() && node.children.size() == 1) {
                Map.Entry<Character, Draft> only = node.children.firstEntry();
                edge.append(only.getKey().charValue());
                node = only.getValue();
            }
            String prefix = parentPrefix + edge;
            PrefixRoutes routes = node.routes.isEmpty() ? above : new PrefixRoutes(prefix, toArray(node.routes), above);
            return new Node(edge.toString(), routes, firsts(node), freezeChildren(node, prefix, routes));
        }

        private static char[] firsts(Draft node) {
            char[] firsts = new char[node.children.size()];
            int i = 0;
            for (char c : node.children.keySet()) {
                firsts[i++] = c;
            }
            return firsts;
        }

        private static int[] toArray(List<Integer> routes) {
            return routes.stream().mapToInt(Integer::intValue).toArray();
        }

        private static final class Draft {
            final TreeMap<Character, Draft> children = new TreeMap<>();
            final List<Integer> routes = new ArrayList<>(1);
        }
    }
}

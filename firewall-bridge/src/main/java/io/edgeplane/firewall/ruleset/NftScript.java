package io.edgeplane.firewall.ruleset;

/**
 * The nft input that replaces edgeplane's table whole, in one transaction: the table is declared (so that deleting it
 * cannot fail when it is missing), deleted, and declared again with its contents. nft applies a file atomically, so
 * the kernel holds either the old table or the new one, never a mix and never none.
 */
public final class NftScript {

    private NftScript() {
    }

    /** The lines written before the listing; nft's line numbers in errors count them. */
    public static final int PREAMBLE_LINES = 2;

    public static String replace(NftListing listing) {
        return replace(listing.text());
    }

    /** Replaces the table with one given as nft prints it: the kernel's own earlier listing, put back. */
    public static String replace(String tableText) {
        return preamble(Ruleset.FAMILY, Ruleset.TABLE) + tableText;
    }

    /** Deletes the table if it is there, and does nothing otherwise. */
    public static String remove() {
        return preamble(Ruleset.FAMILY, Ruleset.TABLE);
    }

    private static String preamble(String family, String table) {
        return "table " + family + " " + table + "\ndelete table " + family + " " + table + "\n";
    }
}

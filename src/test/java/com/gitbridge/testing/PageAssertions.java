package com.gitbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Checks every page should pass: it sits in the Connect layout, and every form control has its label. */
public final class PageAssertions {

    private PageAssertions() {
    }

    public static void assertConnectLayout(Document page) {
        assertThat(page.select("script[src]").eachAttr("src")).anyMatch(src -> src.endsWith("all.js"));
        assertThat(page.select("script[src]").eachAttr("src")).contains("/connect/ap-api.js");
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).contains("/css/gitbridge.css");
        assertThat(page.select("html").attr("lang")).isEqualTo("en");
    }

    /** Every visible input, select and textarea outside templates is named by a {@code <label for>}. */
    public static void assertEveryControlIsLabelled(Document page) {
        for (Element control : page.select("input, select, textarea")) {
            if (control.parents().is("template") || "hidden".equals(control.attr("type"))) {
                continue;
            }
            assertThat(control.id()).as("control %s has an id", control.attr("name")).isNotBlank();
            assertThat(page.select("label[for=" + control.id() + "]")).as("label for %s", control.id()).isNotEmpty();
        }
    }
}

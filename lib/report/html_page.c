/* The frame of the HTML pages (report and comparison): doctype, the inline
 * style sheet, and the closing tags.  Everything is inline and uses the
 * system's fonts, so the page opens offline, in a mail attachment or from
 * an archive years later, and prints on A4 or Letter. */
#include <string.h>

#include "report/report_internal.h"

static const char style[] =
    ":root{--ink:#1d2731;--muted:#5a6570;--line:#d9dee3;--paper:#fff;--wash:#f4f6f8;"
    "--accent:#2f6f4e;--good:#1e7b34;--bad:#b42318}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--wash);color:var(--ink);"
    "font:14px/1.45 \"Segoe UI\",\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif}\n"
    "main{max-width:1320px;margin:0 auto;padding:24px 28px 40px}\n"
    "header.top{background:var(--ink);color:#fff;padding:22px 28px 18px}\n"
    "header.top div{max-width:1320px;margin:0 auto}\n"
    "header.top h1{margin:0 0 4px;font-size:26px;font-weight:600;letter-spacing:.2px}\n"
    "header.top p{margin:0;color:#c9d2da}\n"
    "h2{font-size:18px;margin:30px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}\n"
    "h3{font-size:15px;margin:18px 0 8px}\n"
    "section{break-inside:auto}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}\n"
    ".card{background:var(--paper);border:1px solid var(--line);border-radius:8px;"
    "padding:12px 14px;break-inside:avoid}\n"
    ".card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.6px}\n"
    ".card .value{font-size:26px;font-weight:600;margin:2px 0}\n"
    ".card .sub{color:var(--muted);font-size:12.5px}\n"
    ".card.wide{grid-column:span 2}\n"
    ".bar{height:8px;background:#e6eaee;border-radius:4px;overflow:hidden;margin-top:6px}\n"
    ".bar span{display:block;height:100%;background:var(--accent)}\n"
    ".split{display:flex;height:14px;border-radius:4px;overflow:hidden;margin:8px 0 6px;"
    "background:#e6eaee}\n"
    ".split span{display:block;height:100%}\n"
    ".keys{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted)}\n"
    ".sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;"
    "vertical-align:-1px}\n"
    ".kinds{display:grid;grid-template-columns:max-content 1fr max-content;gap:4px 10px;"
    "align-items:center;font-size:13px}\n"
    ".kinds .bar{margin:0}\n"
    "figure{margin:0;background:var(--paper);border:1px solid var(--line);border-radius:8px;"
    "padding:10px;break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{color:var(--muted);font-size:12.5px;margin-top:6px}\n"
    "table{border-collapse:collapse;width:100%;background:var(--paper);font-size:13px;"
    "border:1px solid var(--line)}\n"
    "th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#eef1f4;font-weight:600;position:sticky;top:0}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#fafbfc}\n"
    ".id{color:var(--muted);font-size:11.5px;display:block}\n"
    ".tag{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;"
    "background:#e6eaee;white-space:nowrap}\n"
    ".tag.open{background:#d7efdf;color:#14532d}\n"
    ".tag.closed{background:#eceff2;color:#5a6570}\n"
    ".hot{color:var(--bad);font-weight:600}\n"
    ".note{color:var(--muted);font-size:12.5px;margin:6px 0}\n"
    ".better{color:var(--good)}\n"
    ".worse{color:var(--bad)}\n"
    ".delta{display:block;font-size:12px}\n"
    ".maps{display:grid;gap:12px}\n"
    "footer{color:var(--muted);font-size:12px;margin-top:30px}\n"
    "@media print{body{background:#fff;font-size:11px}main{padding:0}"
    "header.top{background:#fff;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--ink)}"
    "header.top p{color:var(--muted)}"
    ".card,figure,table{border-color:#bbb}thead{display:table-header-group}"
    "tr{break-inside:avoid}h2{break-after:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "@page{margin:14mm}\n";

void report__html_head(core_strbuf *sb, const char *title)
{
    /* The page's language is the thread's message language (core__lang). */
    core__sb_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n",
                    terroir_language_to_string(core__lang()));
    core__sb_puts(sb, "<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"terroir ");
    core__sb_puts(sb, terroir_version());
    core__sb_puts(sb, "\">\n<title>");
    report__html_escape(sb, title);
    core__sb_puts(sb, "</title>\n<style>\n");
    core__sb_puts(sb, style);
    core__sb_puts(sb, "</style>\n</head>\n<body>\n");
}

void report__html_foot(core_strbuf *sb)
{
    core__sb_printf(sb, core__t("<footer>Made with terroir %s. Money in the model's currency; "
                                "quantities in kg per cycle. The tables are also written as "
                                "CSV by <code>terroir solve --csv DIR</code>.</footer>"),
                    terroir_version());
    core__sb_puts(sb, "\n</main>\n</body>\n</html>\n");
}

void report__html_table_head(core_strbuf *sb, const char *const *columns, size_t n)
{
    core__sb_puts(sb, "<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        /* Translations of a numeric column keep its leading '#'. */
        const char *column = core__t(columns[i]);
        int numeric = column[0] == '#';
        core__sb_puts(sb, numeric ? "<th class=\"n\">" : "<th>");
        core__sb_puts(sb, column + numeric);
        core__sb_puts(sb, "</th>");
    }
    core__sb_puts(sb, "</tr></thead>\n");
}

void report__html_td_number(core_strbuf *sb, double v, int decimals)
{
    core__sb_puts(sb, "<td class=\"n\">");
    report__html_number(sb, v, decimals);
    core__sb_puts(sb, "</td>");
}

void report__html_name_id(core_strbuf *sb, const char *name, const char *id)
{
    report__html_escape(sb, name);
    if (id && strcmp(name, id) != 0) {
        core__sb_puts(sb, "<span class=\"id\">");
        report__html_escape(sb, id);
        core__sb_puts(sb, "</span>");
    }
}

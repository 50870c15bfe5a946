#!/usr/bin/env python3
"""Generates a realistic WordPress export (WXR 1.2) of N posts, for
bench/wordpress.sh.

Usage: bench/gen_wxr.py N OUT.xml [UPLOADS_DIR]

What a news site's export holds, in the proportions of one: classic-editor
bodies (wpautop paragraphs, no <p>) and block-editor ones (<!-- wp: -->
comments), images from wp-content/uploads with [caption]s, [gallery ids=..],
[embed] and [video] shortcodes, an unknown plugin shortcode now and then,
links between posts (permalinks and ?p=ID), ten categories and sixty tags
(some Kazakh and Russian, percent-encoded nicenames as WordPress writes
them), featured images, drafts, scheduled and private posts, pages,
attachments, revisions, menu items, and about three comments a post
(threaded, some held or spam). Deterministic: the same N gives the same file.

With UPLOADS_DIR, also writes the image files the export refers to (a few
bytes each), as a copy of wp-content/uploads would have them.
"""

import os
import random
import sys
from urllib.parse import quote

SITE = "https://old.example.com"

WORDS = (
    "the council said on tuesday that budget talks would resume after a week of "
    "protests in the capital where thousands gathered outside parliament to demand "
    "lower fuel prices and new elections officials promised reforms while opposition "
    "leaders called for calm and observers warned that the economy could slow as "
    "exports of grain oil and metals fall amid drought in the south and floods in the "
    "north farmers reported losses schools reopened hospitals prepared for winter"
).split()

CATEGORIES = [
    ("World", "world"), ("Politics", "politics"), ("Economy", "economy"),
    ("Sport", "sport"), ("Culture", "culture"), ("Science", "science"),
    ("Opinion", "opinion"), ("Жаңалықтар", None), ("Экономика", None),
    ("Uncategorized", "uncategorized"),
]
TAG_NAMES = [f"Topic {i}" for i in range(50)] + [
    "Қазақстан", "Алматы", "Астана", "Сайлау", "Мұнай",
    "Россия", "Выборы", "Бюджет", "Нефть", "Погода",
]


def nicename(name, given=None):
    """WordPress's sanitize_title: ASCII slugs as they are, others encoded."""
    if given:
        return given
    return quote(name.lower().replace(" ", "-"), safe="-").lower()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, n=None):
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


class Export:
    def __init__(self, n, rng):
        self.n = n
        self.rng = rng
        self.next_attachment = 1_000_000
        self.attachments = []  # (id, parent, rel path, title, date)
        self.uploads = []

    def image(self, post_id, date):
        aid = self.next_attachment
        self.next_attachment += 1
        rel = f"{date[:4]}/{date[5:7]}/photo-{aid}.jpg"
        self.attachments.append((aid, post_id, rel, f"Photo {aid}", date))
        self.uploads.append(rel)
        return aid, rel

    def post_url(self, post_id, date, slug):
        return f"{SITE}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"


def body(ex, rng, post_id, date, others, block):
    parts = []
    for k in range(rng.randint(3, 8)):
        text = paragraph(rng)
        if others and rng.random() < 0.3:
            oid, odate, oslug = rng.choice(others)
            href = ex.post_url(oid, odate, oslug) if rng.random() < 0.8 else f"{SITE}/?p={oid}"
            text += f' See <a href="{href}">our earlier report</a>.'
        if rng.random() < 0.15:
            text = text.replace(" the ", " <strong>the</strong> ", 1)
        parts.append(("p", text))
        roll = rng.random()
        if k == 1 and roll < 0.5:
            aid, rel = ex.image(post_id, date)
            small = rel.replace(".jpg", "-300x200.jpg")
            ex.uploads.append(small)
            parts.append(("caption", aid, rel, small, sentence(rng, 6)))
        elif k == 2 and roll < 0.15:
            ids = [ex.image(post_id, date)[0] for _ in range(rng.randint(2, 4))]
            parts.append(("raw", f'[gallery ids="{",".join(map(str, ids))}" columns="3"]'))
        elif k == 3 and roll < 0.08:
            parts.append(("raw", f"[embed]https://www.youtube.com/watch?v=v{post_id}[/embed]"))
        elif k == 3 and roll < 0.12:
            parts.append(("raw", f'[video mp4="{SITE}/wp-content/uploads/{date[:4]}/{date[5:7]}/clip-{post_id}.mp4"][/video]'))
        elif k == 4 and roll < 0.03:
            parts.append(("raw", f'[contact-form-7 id="{rng.randint(1, 9)}" title="Tips"]'))
        elif k == 2 and roll < 0.3:
            parts.append(("list", [sentence(rng, 5) for _ in range(rng.randint(2, 5))]))
    out = []
    for part in parts:
        kind = part[0]
        if kind == "p":
            text = part[1]
            if block:
                out.append(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->")
            else:
                # Classic editor: wpautop paragraphs, sometimes a line break.
                if rng.random() < 0.1:
                    text = text.replace(". ", ".\n", 1)
                out.append(text)
        elif kind == "caption":
            _, aid, rel, small, cap = part
            img = (f'<a href="{SITE}/wp-content/uploads/{rel}"><img class="size-medium wp-image-{aid}" '
                   f'src="{SITE}/wp-content/uploads/{small}" alt="{cap}" width="300" height="200" /></a>')
            if block:
                out.append(f'<!-- wp:image {{"id":{aid}}} -->\n<figure class="wp-block-image">{img}'
                           f"<figcaption>{cap}</figcaption></figure>\n<!-- /wp:image -->")
            else:
                out.append(f'[caption id="attachment_{aid}" align="aligncenter" width="300"]{img} {cap}[/caption]')
        elif kind == "raw":
            if block:
                out.append(f"<!-- wp:shortcode -->\n{part[1]}\n<!-- /wp:shortcode -->")
            else:
                out.append(part[1])
        elif kind == "list":
            items = "".join(f"<li>{s}</li>" for s in part[1])
            if block:
                out.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
            else:
                out.append(f"<ul>\n{items}\n</ul>")
        if len(out) == 2 and not block and rng.random() < 0.5:
            out.append("<!--more-->")
    return "\n\n".join(out)


def comment_xml(cid, parent, rng, date, approved):
    return f"""		<wp:comment>
			<wp:comment_id>{cid}</wp:comment_id>
			<wp:comment_author>{cdata("Reader " + str(cid % 997))}</wp:comment_author>
			<wp:comment_author_email>{cdata(f"reader{cid % 997}@example.org")}</wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP>{cdata("192.0.2." + str(cid % 250))}</wp:comment_author_IP>
			<wp:comment_date>{cdata(date)}</wp:comment_date>
			<wp:comment_date_gmt>{cdata(date)}</wp:comment_date_gmt>
			<wp:comment_content>{cdata(sentence(rng))}</wp:comment_content>
			<wp:comment_approved>{cdata(approved)}</wp:comment_approved>
			<wp:comment_type>{cdata("comment")}</wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def item_xml(f, *, title, link, post_id, date, name, status, post_type, content="",
             excerpt="", terms=(), meta=(), comments="", parent=0, attachment_url=None,
             creator="editor"):
    f.write("\t<item>\n")
    f.write(f"\t\t<title>{cdata(title)}</title>\n\t\t<link>{link}</link>\n")
    f.write(f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n")
    f.write(f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n')
    f.write(f"\t\t<description></description>\n\t\t<content:encoded>{cdata(content)}</content:encoded>\n")
    f.write(f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n")
    gmt = date if status != "draft" else "0000-00-00 00:00:00"
    f.write(f"\t\t<wp:post_id>{post_id}</wp:post_id>\n")
    f.write(f"\t\t<wp:post_date>{cdata(date)}</wp:post_date>\n\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n")
    f.write(f"\t\t<wp:post_modified>{cdata(date)}</wp:post_modified>\n\t\t<wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>\n")
    f.write(f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n")
    f.write(f"\t\t<wp:post_name>{cdata(name)}</wp:post_name>\n\t\t<wp:status>{cdata(status)}</wp:status>\n")
    f.write(f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n")
    f.write(f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>\n\t\t<wp:post_password>{cdata('')}</wp:post_password>\n")
    f.write("\t\t<wp:is_sticky>0</wp:is_sticky>\n")
    if attachment_url:
        f.write(f"\t\t<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>\n")
    for domain, nice, tname in terms:
        f.write(f'\t\t<category domain="{domain}" nicename="{nice}">{cdata(tname)}</category>\n')
    for key, value in meta:
        f.write(f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
                f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n")
    f.write(comments)
    f.write("\t</item>\n")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    uploads_dir = sys.argv[3] if len(sys.argv) > 3 else None
    rng = random.Random(24)
    ex = Export(n, rng)

    posts = []
    day = 0
    for i in range(1, n + 1):
        day += rng.choice([0, 0, 0, 1])
        y, rem = divmod(day, 336)
        date = f"{2012 + y:04d}-{rem // 28 + 1:02d}-{rem % 28 + 1:02d} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00"
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 8))]
        if rng.random() < 0.1:
            words = ["Жаңалық", "күні"] + words[:3]
        title = " ".join(words).capitalize()
        # Duplicate slugs happen: "weather" in many months.
        slug_text = "weather update" if rng.random() < 0.01 else title
        posts.append((i, date, title, nicename(slug_text)))

    comment_id = 1
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8" ?>\n')
        f.write('<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
        f.write(f"\t<title>Steppe Daily</title>\n\t<link>{SITE}</link>\n")
        f.write("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
        f.write(f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n")
        for login, display in [("editor", "Jane Doe"), ("aigul", "Айгүл Сейіт"), ("ivan", "Иван Петров")]:
            f.write(f"\t<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                    f"<wp:author_display_name>{cdata(display)}</wp:author_display_name></wp:author>\n")
        for k, (cname, cnice) in enumerate(CATEGORIES):
            f.write(f"\t<wp:category><wp:term_id>{k + 1}</wp:term_id><wp:category_nicename>{cdata(nicename(cname, cnice))}"
                    f"</wp:category_nicename><wp:cat_name>{cdata(cname)}</wp:cat_name></wp:category>\n")

        # Pages.
        for pid, (ptitle, pslug, parent, path) in enumerate([
            ("About us", "about", 0, "/about/"), ("Our team", "team", 900001, "/about/team/"),
            ("Contact", "contact", 0, "/contact/"), ("Ethics policy", "ethics", 0, "/ethics/"),
        ], start=900001):
            item_xml(f, title=ptitle, link=SITE + path, post_id=pid, date="2011-12-01 10:00:00",
                     name=pslug, status="publish", post_type="page", parent=parent,
                     content="\n\n".join(paragraph(rng) for _ in range(4)))

        for idx, (i, date, title, slug) in enumerate(posts):
            roll = rng.random()
            status = ("draft" if roll < 0.01 else "pending" if roll < 0.015 else
                      "private" if roll < 0.02 else "trash" if roll < 0.025 else "publish")
            if i > n - 5:
                status = "future"
                date = f"2099-01-0{n - i + 1} 10:00:00"
            block = rng.random() < 0.4
            others = [posts[j] for j in rng.sample(range(max(idx, 1)), min(3, idx))] if idx else []
            others = [(o[0], o[1], o[3]) for o in others]
            content = body(ex, rng, i, date, others, block)
            cats = rng.sample(CATEGORIES, rng.choice([1, 1, 2]))
            terms = [("category", nicename(c, cn), c) for c, cn in cats]
            for t in rng.sample(TAG_NAMES, rng.randint(1, 4)):
                terms.append(("post_tag", nicename(t), t))
            meta = [("_edit_last", "1")]
            if rng.random() < 0.6:
                aid, _ = ex.image(i, date)
                meta.append(("_thumbnail_id", str(aid)))
            comments = ""
            first = comment_id
            for c in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
                parent = first if c > 0 and rng.random() < 0.3 else 0
                approved = rng.choice(["1"] * 8 + ["0", "spam"])
                comments += comment_xml(comment_id, parent, rng, date, approved)
                comment_id += 1
            excerpt = sentence(rng) if rng.random() < 0.3 else ""
            link = ex.post_url(i, date, slug) if status in ("publish", "private") else f"{SITE}/?p={i}"
            item_xml(f, title=title, link=link, post_id=i, date=date, name=slug if status != "draft" else "",
                     status=status, post_type="post", content=content, excerpt=excerpt, terms=terms,
                     meta=meta, comments=comments, creator=rng.choice(["editor", "aigul", "ivan"]))
            if rng.random() < 0.2:
                item_xml(f, title=title, link=f"{SITE}/{date[:4]}/{date[5:7]}/{i}-revision-v1/",
                         post_id=800000 + i, date=date, name=f"{i}-revision-v1", status="inherit",
                         post_type="revision", parent=i, content=content)

        for aid, parent, rel, atitle, date in ex.attachments:
            item_xml(f, title=atitle, link=f"{SITE}/?attachment_id={aid}", post_id=aid, date=date,
                     name=f"photo-{aid}", status="inherit", post_type="attachment", parent=parent,
                     attachment_url=f"{SITE}/wp-content/uploads/{rel}",
                     meta=[("_wp_attached_file", rel), ("_wp_attachment_image_alt", atitle)])
        for m in range(1, 6):
            item_xml(f, title=f"Menu {m}", link=f"{SITE}/?p={700000 + m}", post_id=700000 + m,
                     date="2011-12-01 10:00:00", name=str(700000 + m), status="publish",
                     post_type="nav_menu_item", terms=[("nav_menu", "main", "Main")])
        f.write("</channel>\n</rss>\n")

    if uploads_dir:
        for rel in ex.uploads:
            p = os.path.join(uploads_dir, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as img:
                img.write(b"\xff\xd8\xff\xe0 not a real jpeg, only its bytes are copied\xff\xd9")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write one article dump in every input format fahras reads, for the format
benchmark (benches/format-throughput.sh) and for trying the readers by hand.

Reads a JSON Lines dump (keys id, title, body, category, source, date; gzip
when the name ends in .gz; default ../shared/data/news-general.jsonl.gz beside
the checkout) and writes the same articles, in the same order, to OUT_DIR:

  articles.jsonl         the records as read (original keys)
  articles-mapped.jsonl  renamed/nested keys: guid, headline, story.text,
                         meta.published_at, site (index it with
                         --id-field guid --title-field headline
                         --body-field story.text --date-field meta.published_at
                         --source-field site)
  articles.json          one JSON array (indent=1)
  articles.csv           header id,title,body,date,source,category (csv defaults)
  articles.tsv           same columns, no quoting: tabs and line breaks inside
                         a field become a space
  wordpress.xml          a WordPress WXR 1.2 export; text is written as
                         WordPress writes it (CDATA, `]]>` split), so control
                         characters in the source stay as they are
  html/<source>/<id>.html  a news page per article (nav, share buttons,
                         comments and footer around the <article>)
  txt/<source>/<id>.txt    title on the first line, then the body
  md/<source>/<id>.md      `---` front matter (title, date, source), then the body
  articles.jsonl.gz/.bz2/.zst  compressed copies (.zst only if a `zstd`
                         command exists)
  articles-1256.jsonl    articles.jsonl encoded as Windows-1256, unencodable
                         characters replaced by `?` (legacy-encoding detection)

Dates (YYYY-MM-DD hh:mm:ss, ISO 8601 with or without a zone, DD/MM/YYYY) are
rewritten where a format needs a typed date (WXR pubDate/post_date_gmt, the
HTML published_time, the Markdown front matter); a date without a zone is
taken as UTC. The JSON, CSV and TSV files keep the original strings.

usage: make-formats.py OUT_DIR [INPUT] [--limit N]
   e.g. python3 benches/make-formats.py /tmp/fmt ../shared/data/tech-news.jsonl
Prints one line per file or folder written: size in MB (10^6 bytes) and
article count. Standard library only (Python 3.11).
"""
import argparse
import bz2
import csv
import email.utils
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(ROOT, '..', 'shared', 'data', 'news-general.jsonl.gz')
MARKER = '.make-formats'
FOLDERS = ('html', 'txt', 'md')
WXR_HEAD = '''<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>

<channel>
\t<title>Archive</title>
\t<link>https://archive.example</link>
\t<description>News archive</description>
\t<language>ar</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>https://archive.example</wp:base_site_url>
\t<wp:base_blog_url>https://archive.example</wp:base_blog_url>
'''
WXR_TAIL = '</channel>\n</rss>\n'


def parse_args():
    p = argparse.ArgumentParser(
        prog='make-formats.py', usage='make-formats.py OUT_DIR [INPUT] [--limit N]',
        description='Write a JSON Lines article dump in every format fahras reads.')
    p.add_argument('out_dir', metavar='OUT_DIR')
    p.add_argument('input', metavar='INPUT', nargs='?', default=DEFAULT_INPUT,
                   help='JSON Lines dump, gzip if it ends in .gz (default: %(default)s)')
    p.add_argument('--limit', type=int, metavar='N', help='only the first N articles')
    a = p.parse_args()
    if a.limit is not None and a.limit < 0:
        p.error('--limit must be >= 0')
    return a


def read_articles(path, limit):
    opener = gzip.open if path.endswith('.gz') else open
    n = 0
    with opener(path, 'rt', encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            if limit is not None and n >= limit:
                return
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f'make-formats: {path}:{lineno}: not JSON ({e})')
            if not isinstance(d, dict):
                sys.exit(f'make-formats: {path}:{lineno}: not a JSON object')
            n += 1
            yield d


def text(v):
    """A field as a string ('' for null/missing; other types as JSON)."""
    if v is None:
        return ''
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


def parse_date(s):
    """Aware datetime (UTC when the string has no zone), or None."""
    s = text(s).strip()
    if not s:
        return None
    dt = None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        for fmt in ('%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'):
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                pass
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def safe_name(s, fallback):
    s = re.sub(r'[^\w.-]+', '_', text(s).strip()).strip('._')[:150]
    return s or fallback


def body_lines(body):
    return [l.strip() for l in text(body).split('\n') if l.strip()]


def cdata(s):
    return '<![CDATA[' + s.replace(']]>', ']]]]><![CDATA[>') + ']]>'


def xml_escape(s):
    return html.escape(s, quote=False)


def nicename(cat):
    slug = re.sub(r'\s+', '-', cat.strip().lower())
    return urllib.parse.quote(slug, safe='-_.').lower()


def wxr_item(d, seq, dt):
    art_id = text(d.get('id'))
    title = text(d.get('title'))
    content = ''.join(f'<p>{html.escape(l)}</p>' for l in body_lines(d.get('body')))
    out = ['\t<item>\n',
           f'\t\t<title>{xml_escape(title)}</title>\n',
           f'\t\t<link>https://archive.example/{xml_escape(urllib.parse.quote(art_id, safe=":/-_."))}</link>\n']
    if dt is not None:
        out.append(f'\t\t<pubDate>{email.utils.format_datetime(dt)}</pubDate>\n')
    out += ['\t\t<dc:creator><![CDATA[editor]]></dc:creator>\n',
            f'\t\t<guid isPermaLink="false">{xml_escape(art_id)}</guid>\n',
            '\t\t<description></description>\n',
            f'\t\t<content:encoded>{cdata(content)}</content:encoded>\n',
            '\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n',
            f'\t\t<wp:post_id>{seq}</wp:post_id>\n']
    if dt is not None:
        gmt = dt.astimezone(timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
        out.append(f'\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n')
    out += ['\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n',
            '\t\t<wp:status><![CDATA[publish]]></wp:status>\n']
    cat = text(d.get('category'))
    if cat.strip():
        out.append(f'\t\t<category domain="category" nicename="{html.escape(nicename(cat))}">'
                   f'{cdata(cat)}</category>\n')
    out.append('\t</item>\n')
    return ''.join(out)


def html_page(d, dt):
    e = html.escape
    art_id, title, source = text(d.get('id')), text(d.get('title')).strip(), text(d.get('source')).strip()
    if title:
        head_title = f'{e(title)} - {e(source)}' if source else e(title)
        og = f'<meta property="og:title" content="{e(title)}">'
        h1 = f'<h1>{e(title)}</h1>'
    else:  # a page without a headline: the site name only
        head_title, og, h1 = e(source), '', ''
    published = (f'<meta property="article:published_time" content="{dt.isoformat()}">'
                 if dt is not None else '')
    paras = ''.join(f'<p>{e(l)}</p>' for l in body_lines(d.get('body')))
    canonical = e('https://archive.example/' + urllib.parse.quote(art_id, safe=':/-_.'))
    return ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<title>{head_title}</title>{og}{published}'
            f'<link rel="canonical" href="{canonical}"></head><body>'
            '<nav><a href="/">الرئيسية</a> <a href="/tech">تقنية</a></nav>'
            f'<article>{h1}{paras}<div class="share-buttons">شارك على فيسبوك</div></article>'
            '<div id="comments">3 تعليقات</div><footer>جميع الحقوق محفوظة</footer>'
            '</body></html>\n')


def txt_file(d):
    title = re.sub(r'[\r\n]+', ' ', text(d.get('title')))
    return title + '\n' + text(d.get('body')) + '\n'


def md_file(d, dt):
    fm = ['---']
    title = text(d.get('title'))
    if title:
        fm.append('title: ' + json.dumps(title, ensure_ascii=False))  # a YAML double-quoted string
    if dt is not None:
        fm.append('date: ' + dt.isoformat())
    source = text(d.get('source'))
    if source:
        fm.append('source: ' + json.dumps(source, ensure_ascii=False))
    fm.append('---')
    return '\n'.join(fm) + '\n\n' + text(d.get('body')) + '\n'


class Folders:
    """html/txt/md trees: <kind>/<source>/<id>.<ext>, one name per article."""

    def __init__(self, out):
        self.out = out
        self.taken = set()
        self.made = set()

    def path_for(self, d, seq):
        src = safe_name(d.get('source'), 'unknown-source')
        stem = safe_name(d.get('id'), f'article-{seq}')
        name, k = stem, 1
        while (src, name) in self.taken:
            k += 1
            name = f'{stem}~{k}'
        self.taken.add((src, name))
        return src, name

    def write(self, kind, src, name, content):
        d = os.path.join(self.out, kind, src)
        if d not in self.made:
            os.makedirs(d, exist_ok=True)
            self.made.add(d)
        with open(os.path.join(d, f'{name}.{kind}'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(content)


def prepare(out):
    os.makedirs(out, exist_ok=True)
    ours = os.path.exists(os.path.join(out, MARKER))
    for kind in FOLDERS:
        p = os.path.join(out, kind)
        if os.path.isdir(p) and os.listdir(p):
            if not ours:
                sys.exit(f'make-formats: {p} exists and was not written by make-formats.py; '
                         'give an empty or new OUT_DIR')
            shutil.rmtree(p)
    open(os.path.join(out, MARKER), 'w').close()


def size_of(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
    return os.path.getsize(path)


def main():
    a = parse_args()
    if not os.path.isfile(a.input):
        sys.exit(f'make-formats: input {a.input} is absent')
    out = a.out_dir
    prepare(out)
    p = lambda name: os.path.join(out, name)
    cols = ['id', 'title', 'body', 'date', 'source', 'category']
    folders = Folders(out)
    n = undated = 0
    with open(p('articles.jsonl'), 'w', encoding='utf-8', newline='\n') as jl, \
            open(p('articles-mapped.jsonl'), 'w', encoding='utf-8', newline='\n') as mp, \
            open(p('articles.json'), 'w', encoding='utf-8', newline='\n') as js, \
            open(p('articles.csv'), 'w', encoding='utf-8', newline='') as cs, \
            open(p('articles.tsv'), 'w', encoding='utf-8', newline='\n') as ts, \
            open(p('wordpress.xml'), 'w', encoding='utf-8', newline='\n') as wx, \
            open(p('articles-1256.jsonl'), 'wb') as legacy:
        cw = csv.writer(cs)
        cw.writerow(cols)
        ts.write('\t'.join(cols) + '\n')
        wx.write(WXR_HEAD)
        js.write('[')
        for d in read_articles(a.input, a.limit):
            n += 1
            line = json.dumps(d, ensure_ascii=False) + '\n'
            jl.write(line)
            legacy.write(line.encode('cp1256', errors='replace'))
            mp.write(json.dumps({'guid': d.get('id'), 'headline': d.get('title'),
                                 'story': {'text': d.get('body')},
                                 'meta': {'published_at': d.get('date')},
                                 'site': d.get('source')}, ensure_ascii=False) + '\n')
            # exactly what json.dump(list, indent=1) writes, one element at a time
            item = json.dumps(d, ensure_ascii=False, indent=1).replace('\n', '\n ')
            js.write(('\n ' if n == 1 else ',\n ') + item)
            row = [text(d.get(c)) for c in cols]
            cw.writerow(row)
            ts.write('\t'.join(re.sub(r'[\t\r\n]', ' ', v) for v in row) + '\n')
            dt = parse_date(d.get('date'))
            if dt is None and text(d.get('date')).strip():
                undated += 1
            wx.write(wxr_item(d, n, dt))
            src, name = folders.path_for(d, n)
            folders.write('html', src, name, html_page(d, dt))
            folders.write('txt', src, name, txt_file(d))
            folders.write('md', src, name, md_file(d, dt))
        js.write('\n]\n' if n else ']\n')
        wx.write(WXR_TAIL)

    made = ['articles.jsonl', 'articles-mapped.jsonl', 'articles.json', 'articles.csv',
            'articles.tsv', 'wordpress.xml', 'html', 'txt', 'md']
    with open(p('articles.jsonl'), 'rb') as src, gzip.open(p('articles.jsonl.gz'), 'wb') as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    with open(p('articles.jsonl'), 'rb') as src, bz2.open(p('articles.jsonl.bz2'), 'wb') as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    made += ['articles.jsonl.gz', 'articles.jsonl.bz2']
    zst = p('articles.jsonl.zst')
    if os.path.exists(zst):
        os.remove(zst)
    if shutil.which('zstd'):
        subprocess.run(['zstd', '-q', '-f', p('articles.jsonl'), '-o', zst], check=True)
        made.append('articles.jsonl.zst')
    else:
        print('articles.jsonl.zst: skipped (no zstd command)')
    made.append('articles-1256.jsonl')

    for name in made:
        shown = name + '/' if name in FOLDERS else name
        print(f'{shown:24} {size_of(p(name)) / 1e6:9.1f} MB {n:8} articles')
    if undated:
        print(f'note: {undated} dates could not be parsed; they are left out of the WXR, HTML '
              'and Markdown copies (the JSON/CSV/TSV copies keep the strings)')


if __name__ == '__main__':
    main()

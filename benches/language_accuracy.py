#!/usr/bin/env python3
"""Accuracy of copydesk's language detection on text the project does not hold.

Test set: the translated prose of three Debian packages, fetched with `apt-get
download` at pinned versions into the cache folder given on the command line (outside
the repository):

  - debian-handbook 11.20220922 ("The Debian Administrator's Handbook", GPL-2.0+ or
    CC-BY-SA-3.0): HTML in ar-MA da-DK de-DE el-GR en-US es-ES fr-FR it-IT nb-NO nl-NL
    pt-BR ro-RO ru-RU sv-SE tr-TR (15 of the 18 languages).
  - gnome-user-docs 43.0-2 (the GNOME desktop help, CC-BY-SA-3.0): Mallard pages in C
    (English) da de el es fi fr hu it nl pt ro ru sv ta tr (16 of them).
  - installation-guide-amd64 20230508+deb12u1 (the Debian installation guide, GPL-2):
    HTML in da de el en es fr it nl pt ro ru sv (12 of them).

Together they hold all 18 languages; Finnish, Hungarian and Tamil come from the GNOME
help alone, Arabic and Norwegian (Bokmål) from the handbook alone, and Finnish, Tamil
and Turkish have fewer units than the others (about 1,100 to 1,300 sentences, 150 to
200 documents). None is the Universal Declaration of Human Rights, which whatlang's
trigram profiles come from (through franc), so the set measures text the detector has
not seen. The text is technical prose (commands and names of menus in it), harder than
news for a detector.

Translations there are incomplete: an untranslated paragraph is left in English. Every
sentence a third or more of whose word 3-grams are in the English original of its
package is dropped, as are the installation guide's GPL appendix and title page (some
translations carry English notes there), and every sentence holding markup for code,
commands, file names or keys (they are English whatever the language around them).
Sentences are cut at `.`, `!`, `?` or `؟` followed by a space and not by a lowercase
letter, and kept with 4 to 60 words. Units, per language, sampled with a fixed seed
from the packages pooled:

  - `1`: single sentences (up to --sentences, default 1500),
  - `5`: documents of 5 consecutive kept sentences of one page (up to --documents,
    default 300),
  - `3w`: the first 3 words of each sampled sentence (words as copydesk counts them:
    "USB-mikrofoner" is two). There the question is not accuracy but how often a
    language other than the right one or the fallback is assigned: a 3-word text
    should fall back.

Measurement: each set is written as JSONL records `{"id", "text"}` and given to
`--command` (default `target/release/copydesk extract --input-format jsonl --format
jsonl`), `--default-lang english` and the file's path appended; it must print one JSON
record per input record with `id` and `lang` (ISO 639-1 code). A fallback is a record
whose `lang` changes when the command runs again with `--default-lang tamil`, unless
the output says it with `detected` (false when `lang` is the fallback). A fallback
counts as wrong except where English is the right answer. Printed: accuracy per language for 1 and 5 sentences, macro and micro
averages, the share of fallbacks, the commonest confusions, and the 3-word results.

Run from the repository root with any Python 3 (no dependencies) on a Debian system
(apt-get and dpkg-deb):

    cargo build --release
    python3 benches/language_accuracy.py /tmp/langdata
    python3 benches/language_accuracy.py /tmp/langdata --command "path/to/detector"
"""

import argparse
import collections
import html.parser
import json
import os
import random
import re
import shlex
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

PACKAGES = {
    "debian-handbook": "11.20220922",
    "gnome-user-docs": "43.0-2",
    "installation-guide-amd64": "20230508+deb12u1",
}
HANDBOOK_DIR = "usr/share/doc/debian-handbook/html"
HANDBOOK_LANGS = {
    "ar-MA": "ar", "da-DK": "da", "de-DE": "de", "el-GR": "el", "en-US": "en",
    "es-ES": "es", "fr-FR": "fr", "it-IT": "it", "nb-NO": "no", "nl-NL": "nl",
    "pt-BR": "pt", "ro-RO": "ro", "ru-RU": "ru", "sv-SE": "sv", "tr-TR": "tr",
}
GUIDE_DIR = "usr/share/doc/installation-guide-amd64"
GUIDE_LANGS = {
    "da": "da", "de": "de", "el": "el", "en": "en", "es": "es", "fr": "fr", "it": "it",
    "nl": "nl", "pt": "pt", "ro": "ro", "ru": "ru", "sv": "sv",
}
GNOME_DIR = "usr/share/help"
GNOME_LANGS = {
    "C": "en", "da": "da", "de": "de", "el": "el", "es": "es", "fi": "fi", "fr": "fr",
    "hu": "hu", "it": "it", "nl": "nl", "pt": "pt", "ro": "ro", "ru": "ru", "sv": "sv",
    "ta": "ta", "tr": "tr",
}
LANGUAGES = sorted(set(HANDBOOK_LANGS.values()) | set(GNOME_LANGS.values()))
CODE = "\0"  # stands for an element holding code; its sentence is dropped
MIN_WORDS, MAX_WORDS, DOC_SENTENCES = 4, 60, 5
SEED = 1


# ---------------------------------------------------------------- fetching the packages

def fetch(cache):
    """Downloads and unpacks the pinned packages; returns the unpacked root."""
    debs, root = os.path.join(cache, "debs"), os.path.join(cache, "unpacked")
    os.makedirs(debs, exist_ok=True)
    os.makedirs(root, exist_ok=True)
    for name, version in PACKAGES.items():
        done = os.path.join(root, name + ".done")
        if os.path.exists(done):
            continue
        deb = os.path.join(debs, f"{name}_{version}_all.deb")
        if not os.path.exists(deb):
            run(["apt-get", "download", f"{name}={version}"], cwd=debs)
        run(["dpkg-deb", "-x", deb, os.path.join(root, name)])
        open(done, "w").close()
    return root


def run(cmd, cwd=None):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}"
                 "\n(the packages come from Debian's archive: run `apt-get update` first)")


# ---------------------------------------------------------------- paragraphs of a source

class HtmlParagraphs(html.parser.HTMLParser):
    """The text of each paragraph (`<p>`, `<div class="para">`) of a DocBook HTML page,
    with every element holding code, commands, file names or keys replaced by CODE."""

    CODE_TAGS = {"code", "pre", "kbd", "samp", "tt"}
    CODE_CLASSES = {"command", "filename", "keycap", "keycombo", "userinput",
                    "computeroutput", "literal", "replaceable", "option", "prompt"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.buffers, self.paragraphs, self.code_depth = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        is_para = tag == "p" or (tag == "div" and "para" in classes)
        is_code = tag in self.CODE_TAGS or (tag == "span" and classes & self.CODE_CLASSES)
        self.open.append((tag, is_para, bool(is_code)))
        if is_para:
            self.buffers.append([])
        if is_code:
            if self.code_depth == 0 and self.buffers:
                self.buffers[-1].append(CODE)
            self.code_depth += 1

    def handle_endtag(self, tag):
        if not any(t == tag for t, _, _ in self.open):
            return
        while self.open:
            name, is_para, is_code = self.open.pop()
            if is_para:
                self.paragraphs.append("".join(self.buffers.pop()))
            if is_code:
                self.code_depth -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if self.buffers and self.code_depth == 0:
            self.buffers[-1].append(data)


def html_pages(base):
    for name in sorted(os.listdir(base)):
        if name.endswith(".html"):
            parser = HtmlParagraphs()
            with open(os.path.join(base, name), encoding="utf-8") as f:
                parser.feed(f.read())
            yield name, parser.paragraphs


def handbook_pages(root, folder):
    return html_pages(os.path.join(root, "debian-handbook", HANDBOOK_DIR, folder))


def guide_pages(root, folder):
    # Left out: the GPL appendix (apf.html), where translations carry the English
    # licence and an English note beside their own, and the title page (index.html),
    # where some carry an English note that the translation is out of date.
    pages = html_pages(os.path.join(root, "installation-guide-amd64", GUIDE_DIR, folder))
    return ((name, ps) for name, ps in pages if name not in ("apf.html", "index.html"))


MALLARD = "{http://projectmallard.org/1.0/}"
MALLARD_CODE = {"cmd", "code", "file", "sys", "input", "output", "var", "key", "keyseq",
                "screen", "media"}


def mallard_text(element):
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.replace(MALLARD, "")
        if tag in MALLARD_CODE or (tag == "link" and not "".join(child.itertext()).strip()):
            parts.append(CODE)  # code, or a link whose text the build fills in
        else:
            parts.append(mallard_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def gnome_pages(root, folder):
    base = os.path.join(root, "gnome-user-docs", GNOME_DIR, folder, "gnome-help")
    for name in sorted(os.listdir(base)):
        if not name.endswith(".page"):
            continue
        tree = ET.parse(os.path.join(base, name))
        info = {id(e) for i in tree.iter(MALLARD + "info") for e in i.iter()}
        yield name, [mallard_text(p) for p in tree.iter(MALLARD + "p") if id(p) not in info]


def normalize(text):
    return " ".join(text.split())


# ---------------------------------------------------------------- sentences and units

SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'»”’)\]]*\s+")


def sentences_of(paragraph):
    """Cuts a paragraph at sentence ends not followed by a lowercase letter."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        rest = paragraph[match.end():match.end() + 1]
        if rest and not rest.islower():
            pieces.append(paragraph[start:match.end()].strip())
            start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def keep(sentence):
    return CODE not in sentence and "://" not in sentence and \
        MIN_WORDS <= len(sentence.split()) <= MAX_WORDS


def trigrams(text):
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def untranslated(sentence, english):
    """Whether a third or more of the sentence's word 3-grams are in the English
    original: a sentence left in English, or English around a translated cross
    reference ("Check out Sección 12.2 for an introduction into this topic")."""
    grams = trigrams(sentence)
    return not grams or len(grams & english) * 3 >= len(grams)


def source_pages(root):
    """(language, source, page, [kept sentences]) for every translated page."""
    sources = [("debian-handbook", HANDBOOK_LANGS, handbook_pages, "en-US"),
               ("gnome-user-docs", GNOME_LANGS, gnome_pages, "C"),
               ("installation-guide-amd64", GUIDE_LANGS, guide_pages, "en")]
    for source, langs, pages, english_folder in sources:
        english = set()
        for _, paragraphs in pages(root, english_folder):
            for paragraph in paragraphs:
                english |= trigrams(paragraph.replace(CODE, " "))
        for folder, lang in sorted(langs.items()):
            for page, paragraphs in pages(root, folder):
                kept = [s for paragraph in map(normalize, paragraphs)
                        for s in sentences_of(paragraph) if keep(s)
                        and (lang == "en" or not untranslated(s, english))]
                if kept:
                    yield lang, source, page, kept


# ---------------------------------------------------------------- built-in sample

# A few sentences per language, laid out as the three packages lay out their pages, for
# `--builtin-sample`: a run of the whole pipeline (parsing, filtering, sampling,
# detection, scoring, report) in seconds and offline. Its figures measure nothing.
SAMPLE = {
    "en": ["The package manager installs the programs you choose from the archive.",
           "Every user has a home folder where personal files are kept.",
           "The network settings are stored in a small text file.",
           "You can change the keyboard layout at any time after the installation.",
           "A backup of your documents protects them from a broken disk.",
           "The system checks for security updates once a day."],
    "de": ["Die Paketverwaltung installiert die Programme, die Sie aus dem Archiv wählen.",
           "Jeder Benutzer hat einen persönlichen Ordner für seine eigenen Dateien.",
           "Die Netzwerkeinstellungen werden in einer kleinen Textdatei gespeichert.",
           "Sie können die Tastaturbelegung nach der Installation jederzeit ändern.",
           "Eine Sicherung Ihrer Dokumente schützt sie vor einer defekten Festplatte.",
           "Das System sucht einmal am Tag nach Sicherheitsaktualisierungen."],
    "fr": ["Le gestionnaire de paquets installe les programmes que vous choisissez.",
           "Chaque utilisateur dispose d'un dossier personnel pour ses propres fichiers.",
           "Les paramètres du réseau sont enregistrés dans un petit fichier texte.",
           "Vous pouvez modifier la disposition du clavier à tout moment après l'installation.",
           "Une sauvegarde de vos documents les protège contre un disque défectueux.",
           "Le système recherche les mises à jour de sécurité une fois par jour."],
}
# Left out by the filters: a sentence with code markup, and English left untranslated.
SAMPLE_CODE = "Run {} as root to update the list of packages."
SAMPLE_UNTRANSLATED = SAMPLE["en"][1]


def write_sample(root):
    """Writes SAMPLE where fetch() unpacks the packages, every language folder present."""
    sources = [("debian-handbook", HANDBOOK_DIR, HANDBOOK_LANGS),
               ("installation-guide-amd64", GUIDE_DIR, GUIDE_LANGS),
               ("gnome-user-docs", GNOME_DIR, GNOME_LANGS)]
    for name, base, langs in sources:
        for folder, lang in langs.items():
            path = os.path.join(root, name, base, folder)
            sentences = list(SAMPLE.get(lang, []))
            if sentences and lang != "en":
                sentences.append(SAMPLE_UNTRANSLATED)
            if name == "gnome-user-docs":
                os.makedirs(os.path.join(path, "gnome-help"), exist_ok=True)
                paras = "".join(f"<p>{s}</p>" for s in sentences)
                code = "<p>" + SAMPLE_CODE.format("<cmd>apt update</cmd>") + "</p>"
                page = (f'<page xmlns="{MALLARD[1:-1]}"><info><desc>{SAMPLE["en"][0]}</desc>'
                        f"</info>{paras}{code}</page>")
                file = os.path.join(path, "gnome-help", "sample.page")
            else:
                os.makedirs(path, exist_ok=True)
                code = SAMPLE_CODE.format('<span class="command">apt update</span>')
                page = f"<html><body><p>{' '.join(sentences)}</p><p>{code}</p></body></html>"
                file = os.path.join(path, "sample.html")
            if sentences:
                with open(file, "w", encoding="utf-8") as f:
                    f.write(page)
        open(os.path.join(root, name + ".done"), "w").close()


def build(cache, max_sentences, max_documents, builtin_sample=False):
    if builtin_sample:
        root = os.path.join(cache, "unpacked")
        write_sample(root)
    else:
        root = fetch(cache)
    singles, documents = collections.defaultdict(list), collections.defaultdict(list)
    for lang, source, page, kept in source_pages(root):
        singles[lang].extend((source, s) for s in kept)
        for i in range(0, len(kept) - DOC_SENTENCES + 1, DOC_SENTENCES):
            documents[lang].append((source, " ".join(kept[i:i + DOC_SENTENCES])))
    sets = {"1": {}, "5": {}, "3w": {}}
    for lang in LANGUAGES:
        rng = random.Random(f"{SEED}-{lang}")
        sets["1"][lang] = sample(rng, dedup(singles[lang]), max_sentences)
        sets["5"][lang] = sample(rng, dedup(documents[lang]), max_documents)
        sets["3w"][lang] = [(src, first_words(s, 3)) for src, s in sets["1"][lang]
                            if first_words(s, 3)]
    testset = os.path.join(cache, "testset")
    os.makedirs(testset, exist_ok=True)
    for kind, by_lang in sets.items():
        with open(os.path.join(testset, f"{kind}.jsonl"), "w", encoding="utf-8") as f:
            for lang, units in by_lang.items():
                for n, (source, text) in enumerate(units):
                    record = {"id": f"{lang}/{kind}/{source}/{n}", "text": text}
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts = {kind: {lang: len(u) for lang, u in by_lang.items()} for kind, by_lang in sets.items()}
    manifest = {"packages": PACKAGES, "available_sentences": {l: len(singles[l]) for l in LANGUAGES},
                "available_documents": {l: len(documents[l]) for l in LANGUAGES}, "sampled": counts}
    with open(os.path.join(testset, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return testset


def first_words(text, n):
    """The text from its first word to the end of its n-th, or None: words as copydesk
    counts them (runs of letters, marks and digits, so "USB-mikrofoner" is two)."""
    spans, start = [], None
    for i, c in enumerate(text + " "):
        inside = unicodedata.category(c)[0] in "LMN" or (
            c in "'’" and start is not None and text[i + 1:i + 2].isalnum())
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((start, i))
            start = None
            if len(spans) == n:
                return text[spans[0][0]:spans[-1][1]]
    return None


def dedup(units):
    seen, out = set(), []
    for source, text in units:
        if text not in seen:
            seen.add(text)
            out.append((source, text))
    return out


def sample(rng, units, limit):
    return units if len(units) <= limit else rng.sample(units, limit)


# ---------------------------------------------------------------- measuring

def detect(command, flag, fallback, path):
    """{id: (lang, detected)} from the command's output; `detected` is None when the
    output does not say and the command takes no default-language flag."""
    first = run_detector(command, [flag, fallback] if flag else [], path)
    if not flag or any(detected is not None for _, detected in first.values()):
        return first
    # A record whose language moves with the default language fell back to it.
    second = run_detector(command, [flag, "tamil"], path)
    return {unit: (lang, lang == second.get(unit, (None, None))[0])
            for unit, (lang, _) in first.items()}


def run_detector(command, flags, path):
    cmd = shlex.split(command) + flags + [path]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    out = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        if isinstance(record, dict) and "id" in record:  # other record types are skipped
            out[str(record["id"])] = (record.get("lang"), record.get("detected"))
    return out


def truths(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["id"] for line in f]


def score(ids, results, fallback):
    """Per language: units, right, fallbacks, wrong assignments, missing records. Without
    `detected` in the output, a unit given the fallback language counts as a fallback."""
    table = collections.defaultdict(lambda: collections.Counter())
    confusions = collections.Counter()
    for unit in ids:
        truth = unit.split("/")[0]
        lang, detected = results.get(unit, (None, None))
        row = table[truth]
        row["units"] += 1
        row["right"] += lang == truth
        fell_back = (detected is False) if detected is not None else lang == fallback
        row["fallback"] += fell_back
        if lang != truth and not fell_back:
            row["wrong"] += 1
        if lang != truth:
            confusions[(truth, lang if not fell_back else f"{lang} (fallback)")] += 1
        row["missing"] += unit not in results
    return table, confusions


def pct(n, d):
    return f"{100.0 * n / d:6.2f}" if d else "     -"


def report(sets, top):
    print("| lang | 1 sentence | fallback | n | 5 sentences | fallback | n |")
    print("|------|-----------:|---------:|--:|------------:|---------:|--:|")
    one, five = sets["1"][0], sets["5"][0]
    for lang in LANGUAGES:
        a, b = one[lang], five[lang]
        print(f"| {lang} | {pct(a['right'], a['units'])} | {pct(a['fallback'], a['units'])} "
              f"| {a['units']} | {pct(b['right'], b['units'])} | "
              f"{pct(b['fallback'], b['units'])} | {b['units']} |")
    for kind in ("1", "5"):
        table = sets[kind][0]
        macro = sum(r["right"] / r["units"] for r in table.values() if r["units"]) / len(table)
        right, units = sum(r["right"] for r in table.values()), sum(r["units"] for r in table.values())
        fallbacks = sum(r["fallback"] for r in table.values())
        label = "1 sentence" if kind == "1" else "5 sentences"
        print(f"\n{label}: macro {100 * macro:.2f}%, micro {pct(right, units).strip()}% "
              f"({right}/{units}), fallbacks {pct(fallbacks, units).strip()}%")
        missing = sum(r["missing"] for r in table.values())
        if missing:
            print(f"  {missing} records had no output")
        pairs = sets[kind][1].most_common(top)
        print("  commonest confusions (truth -> given): " +
              ", ".join(f"{t}->{g} {n}" for (t, g), n in pairs))
    table = sets["3w"][0]
    wrong, units = sum(r["wrong"] for r in table.values()), sum(r["units"] for r in table.values())
    fallbacks = sum(r["fallback"] for r in table.values())
    right = sum(r["right"] for r in table.values())
    print(f"\n3 words: wrong language assigned {pct(wrong, units).strip()}% ({wrong}/{units}), "
          f"fallback {pct(fallbacks, units).strip()}%, right language (fallbacks to it "
          f"included) {pct(right, units).strip()}%")
    print("  wrong per language: " + (", ".join(
        f"{lang} {table[lang]['wrong']}" for lang in LANGUAGES if table[lang]["wrong"]) or "none"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache", help="folder for the packages and the test set (outside the repository)")
    parser.add_argument("--command", default="target/release/copydesk extract --input-format jsonl --format jsonl",
                        help="detector command; the JSONL file's path is appended")
    parser.add_argument("--default-lang-flag", default="--default-lang",
                        help="the command's flag naming the fallback language; the command is run "
                             "with it set to english, and to tamil to find the records that fell "
                             "back (unless its output has `detected`); '' for none, and then a "
                             "record given English counts as a fallback")
    parser.add_argument("--sentences", type=int, default=1500, help="single sentences per language")
    parser.add_argument("--documents", type=int, default=300, help="5-sentence documents per language")
    parser.add_argument("--top", type=int, default=12, help="confusions to list")
    parser.add_argument("--build-only", action="store_true", help="build the test set and stop")
    parser.add_argument("--builtin-sample", action="store_true",
                        help="instead of the Debian packages, a built-in sample of a few "
                             "English, German and French sentences (offline, in seconds: "
                             "checks the script runs; its figures mean nothing)")
    args = parser.parse_args()
    testset = build(os.path.abspath(args.cache), args.sentences, args.documents,
                    args.builtin_sample)
    with open(os.path.join(testset, "manifest.json")) as f:
        manifest = json.load(f)
    origin = "built-in sample" if args.builtin_sample else ", ".join(
        f"{k} {v}" for k, v in PACKAGES.items())
    print(f"test set: {testset} ({origin})")
    print("units per language: " + ", ".join(
        f"{l} {manifest['sampled']['1'][l]}/{manifest['sampled']['5'][l]}" for l in LANGUAGES))
    if args.build_only:
        return
    sets = {}
    for kind in ("1", "5", "3w"):
        path = os.path.join(testset, f"{kind}.jsonl")
        results = detect(args.command, args.default_lang_flag, "english", path)
        sets[kind] = score(truths(path), results, "en")
    print()
    report(sets, args.top)


if __name__ == "__main__":
    main()

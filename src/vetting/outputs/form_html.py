"""The questionnaire form as one self-contained HTML page (`vetting ask --format html`, CONTRACTS D):
the provider opens it in any browser, offline, fills it in and presses "Save answers", which downloads
a ``vetting/answers@1`` JSON file (a Blob; nothing is sent anywhere). The page makes no request: its
CSS and script are inline, and its Content-Security-Policy allows nothing else (the script by its hash).
"""
from __future__ import annotations

import base64
import hashlib
import json
from html import escape

from ..io.jsontext import escape as escape_json
from ..text.tables import Texts
from .form import ANSWERS_FORMAT, FormRow, FormSpec, texts

_CSS = """
*{box-sizing:border-box}body{font:15px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0 auto;max-width:980px;padding:16px;color:#1b1b1b}h1{font-size:1.4em;margin:.2em 0}
.meta{color:#444;margin:0 0 .2em}.id{color:#666;font-size:.85em;word-break:break-all}
fieldset{border:1px solid #ccc;border-radius:6px;margin:18px 0;padding:8px 14px}legend{font-weight:700;padding:0 6px}
.q{border-top:1px solid #eee;padding:12px 0}.q:first-of-type{border-top:0}.text{font-weight:600}
.allowed{color:#555;font-size:.9em;margin:2px 0 6px}.grid{display:grid;grid-template-columns:2fr 2fr 1fr;gap:8px}
label{display:block;font-size:.85em;color:#333}input,select,textarea{width:100%;font:inherit;padding:6px;
border:1px solid #aaa;border-radius:4px}.answer select,.answer input{background:#fff8dc}
.who{margin:12px 0}.bar{position:sticky;bottom:0;background:#fff;padding:10px 0;border-top:1px solid #ccc}
button{font:inherit;padding:8px 18px;border-radius:6px;border:1px solid #245;background:#2a5d9f;color:#fff}
#saved{margin-left:12px}@media (max-width:600px){body{padding:10px}.grid{grid-template-columns:1fr}}
"""

_JS = """
(function(){
var meta=JSON.parse(document.getElementById('form-data').textContent);
function val(id){var e=document.getElementById(id);return e?e.value.trim():'';}
document.getElementById('save').addEventListener('click',function(){
  var rows=meta.rows.map(function(r){return {row:r.row,field:r.field,tag:r.tag,answer:val('a'+r.row),
    evidence:val('e'+r.row),evidence_date:val('d'+r.row),comment:val('c'+r.row)};});
  var out={format:meta.format,ask_id:meta.ask_id,digest:meta.digest,deal_id:meta.deal_id,
    answered_by:val('answered_by'),date:new Date().toISOString().slice(0,10),rows:rows};
  var blob=new Blob([JSON.stringify(out,null,2)+'\\n'],{type:'application/json'});
  var a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download=meta.file;
  document.body.appendChild(a);a.click();a.remove();
  document.getElementById('saved').textContent=meta.saved;
});
})();
"""


def answers_file_name(spec: FormSpec) -> str:
    """The name the saved answers get: DEAL-ID.answers-ASKID.json."""
    return f"{spec.deal_id}.answers-{spec.ask_id}.json"


def _input(r: FormRow, t: Texts) -> str:
    if r.choices:
        options = "".join(f'<option value="{escape(v)}">{escape(c)}</option>' for v, c in r.options())
        return f'<select id="a{r.row}" name="a{r.row}"><option value="">{escape(t("html.choose"))}</option>{options}</select>'
    return f'<input id="a{r.row}" name="a{r.row}" type="text" autocomplete="off">'


def _question(r: FormRow, t: Texts) -> str:
    return (f'<div class="q" data-row="{r.row}" data-field="{escape(r.field)}">'
            f'<div class="text">{escape(r.question)}</div><div class="allowed">{escape(r.allowed)}</div>'
            f'<div class="grid"><div class="answer"><label for="a{r.row}">{escape(t("html.answer"))}</label>{_input(r, t)}</div>'
            f'<div><label for="e{r.row}">{escape(t("html.evidence"))}</label><input id="e{r.row}" type="text"></div>'
            f'<div><label for="d{r.row}">{escape(t("html.evidence_date"))}</label><input id="d{r.row}" type="date"></div></div>'
            f'<label for="c{r.row}">{escape(t("html.comment"))}</label><textarea id="c{r.row}" rows="1"></textarea></div>')


def _body(spec: FormSpec, t: Texts) -> str:
    parts, open_set = [], False
    for r in spec.rows:
        if r.field is None:
            parts.append(("</fieldset>" if open_set else "") + f"<fieldset><legend>{escape(r.topic)}</legend>")
            open_set = True
        else:
            parts.append(_question(r, t))
    return "".join(parts) + ("</fieldset>" if open_set else "")


def form_html(spec: FormSpec) -> str:
    """The page's text."""
    t = texts(spec.lang)
    data = {"format": ANSWERS_FORMAT, "ask_id": spec.ask_id, "digest": spec.digest, "deal_id": spec.deal_id,
            "file": answers_file_name(spec), "saved": t("html.saved", file=answers_file_name(spec)),
            "rows": [{"row": r.row, "field": r.field, "tag": r.tag} for r in spec.asked]}
    payload = escape_json(json.dumps(data, ensure_ascii=False)).replace("<", "\\u003c")
    script_hash = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode()
    style_hash = base64.b64encode(hashlib.sha256(_CSS.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{style_hash}'; script-src 'sha256-{script_hash}'; "
           "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    lang = "zh-CN" if spec.lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="{escape(ANSWERS_FORMAT)}">'
            f"<title>{escape(t('title'))} · {escape(spec.deal)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{escape(t('title'))}</h1><p class=\"meta\">{escape(t('seller', seller=spec.seller))}</p>"
            f"<p class=\"meta\">{escape(t('deal', deal=spec.deal))}</p>"
            f"<p class=\"id\">{escape(t('date_id', date=spec.created, ask_id=spec.ask_id, digest=spec.digest))}"
            f" · {escape(t('html.count', n=len(spec.asked)))}</p><p>{escape(t('html.intro'))}</p>"
            f'<div class="who"><label for="answered_by">{escape(t("html.answered_by"))}</label>'
            f'<input id="answered_by" type="text" autocomplete="name"></div>'
            f'<div id="form">{_body(spec, t)}</div>'
            f'<div class="bar"><button type="button" id="save">{escape(t("html.save"))}</button><span id="saved"></span></div>'
            f'<script type="application/json" id="form-data">{payload}</script><script>{_JS}</script></body></html>\n')

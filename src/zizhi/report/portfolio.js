(function(){
"use strict";
var DATA=JSON.parse(document.getElementById("zizhi-data").textContent);
var lang=DATA.lang, sortKey=null, sortDir=1, open={};
function t(k){return DATA.ui[lang][k]||k;}
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined&&text!==null)e.textContent=String(text);return e;}
function licName(id){var n=DATA.licences[id];return n?n[lang]:id;}
function badge(st){return el("span","badge b-"+st,t(st));}
function sevCount(p,s){return p.sev[s]||0;}
var projects=DATA.projects;
function cell(p,key){
  if(key==="repository")return p.repository;if(key==="project")return p.root;if(key==="platform")return p.platform;
  if(key==="business")return p.business.join(", ");if(key==="categories")return p.categories.join(", ");
  if(key==="findings")return sevCount(p,"error")*1e6+sevCount(p,"warning")*1e3+sevCount(p,"note");
  if(key.indexOf("lic:")===0){var st=p.licences[key.slice(4)];return st?({required:4,likely:3,depends:2,held:1})[st]:0;}
  return "";}
function matches(p){
  var q=document.getElementById("f-search").value.trim().toLowerCase();
  if(q&&(p.repository+" "+p.root).toLowerCase().indexOf(q)<0)return false;
  var pl=document.getElementById("f-platform").value;if(pl&&p.platform!==pl)return false;
  var li=document.getElementById("f-licence").value, st=document.getElementById("f-state").value;
  if(li&&!p.licences[li])return false;
  if(st){if(li){if(p.licences[li]!==st)return false;}else{var any=false;for(var k in p.licences){if(p.licences[k]===st)any=true;}if(!any)return false;}}
  var fs=document.getElementById("f-findings").value;
  if(fs==="error"&&!sevCount(p,"error"))return false;
  if(fs==="warning"&&!(sevCount(p,"error")+sevCount(p,"warning")))return false;
  return true;}
function header(){
  var tr=document.getElementById("head");tr.textContent="";
  var cols=[["repository",t("repository")],["project",t("project")],["platform",t("platform")],["business",t("business")]];
  DATA.columns.forEach(function(id){cols.push(["lic:"+id,id]);});
  cols.push(["categories",t("categories")],["findings",t("findings")]);
  cols.forEach(function(c){var th=el("th",null,c[1]);th.setAttribute("data-key",c[0]);
    if(c[0].indexOf("lic:")===0){th.setAttribute("title",licName(c[0].slice(4)));th.className="lic";}
    if(sortKey===c[0])th.setAttribute("aria-sort",sortDir>0?"ascending":"descending");
    th.addEventListener("click",function(){if(sortKey===c[0])sortDir=-sortDir;else{sortKey=c[0];sortDir=1;}render();});
    tr.appendChild(th);});
  return cols.length;}
function detail(p,span){
  var tr=el("tr","detail"),td=el("td");td.setAttribute("colspan",String(span));tr.appendChild(td);
  if(p.commit)td.appendChild(el("div","muted",t("commit")+" "+p.commit));
  td.appendChild(el("h3",null,t("features")));var ul=el("ul");
  p.features.forEach(function(f){var li=el("li");li.appendChild(el("b",null,f.id));li.appendChild(document.createTextNode(" ("+f.confidence+")"+(f.because?" — "+f.because:"")));
    var ev=el("ul");f.evidence.slice(0,5).forEach(function(e){ev.appendChild(evidence(p,e));});li.appendChild(ev);ul.appendChild(li);});
  if(!p.features.length)ul.appendChild(el("li","muted",t("none")));td.appendChild(ul);
  td.appendChild(el("h3",null,t("obligations")));ul=el("ul");
  p.obligations.forEach(function(o){var li=el("li");li.appendChild(badge(o.state));li.appendChild(document.createTextNode(" "));
    li.appendChild(el("b",null,o.id));if(DATA.licences[o.id])li.appendChild(document.createTextNode(" "+licName(o.id)));
    var why=el("ul");o.because.forEach(function(b){var w=el("li",null,t("because")+": "+((b.text||{})[lang]||""));
      if(b.condition&&b.condition[lang])w.appendChild(el("div","muted",t("condition")+": "+b.condition[lang]));why.appendChild(w);});
    o.basis.forEach(function(b){var w=el("li",null,t("basis")+": "+b.title+" "+(b.article||"")+" ["+b.verified+"] ");
      if(b.url&&/^https:\/\//.test(b.url)){var a=el("a",null,b.url);a.setAttribute("href",b.url);a.setAttribute("rel","noopener noreferrer");w.appendChild(a);}
      why.appendChild(w);});
    o.evidence.slice(0,5).forEach(function(e){why.appendChild(evidence(p,e));});
    li.appendChild(why);ul.appendChild(li);});
  if(!p.obligations.length)ul.appendChild(el("li","muted",t("none")));td.appendChild(ul);
  td.appendChild(el("h3",null,t("findings")));ul=el("ul");
  p.findings.forEach(function(f){var li=el("li");li.appendChild(el("span","sev-"+f.severity,f.code+" "+f.severity));
    li.appendChild(document.createTextNode(" "+f.path+(f.line?":"+f.line:"")+" — "+f.message));
    if(f.fix)li.appendChild(el("div","muted",t("fix")+": "+f.fix));ul.appendChild(li);});
  if(!p.findings.length)ul.appendChild(el("li","muted",t("none")));td.appendChild(ul);
  return tr;}
function evidence(p,e){var li=el("li");li.appendChild(el("span","muted",t("evidence")+": "));
  li.appendChild(el("code",null,e.path+":"+e.line));li.appendChild(document.createTextNode(" "+e.name+" ("+e.signal+", "+e.strength+")"));
  var s=p.snippets[e.path+":"+e.line];if(s)li.appendChild(el("pre",null,s));return li;}
function render(){
  var span=header(),body=document.getElementById("body");body.textContent="";
  var rows=projects.filter(matches);
  if(sortKey){rows=rows.slice().sort(function(a,b){var x=cell(a,sortKey),y=cell(b,sortKey);return (x<y?-1:x>y?1:0)*sortDir;});}
  rows.forEach(function(p){
    var tr=el("tr","row");tr.setAttribute("data-index",String(p.index));
    tr.appendChild(el("td","c-repository",p.repository));tr.appendChild(el("td","c-project",p.root));
    tr.appendChild(el("td","c-platform",p.platform));tr.appendChild(el("td","c-business",p.business.join(", ")));
    DATA.columns.forEach(function(id){var td=el("td","lic");var st=p.licences[id];if(st)td.appendChild(badge(st));tr.appendChild(td);});
    tr.appendChild(el("td","c-categories",p.categories.join(", ")));
    var fc=el("td","c-findings");["error","warning","note"].forEach(function(s){if(sevCount(p,s)){fc.appendChild(el("span","sev-"+s,sevCount(p,s)+" "+s[0].toUpperCase()));fc.appendChild(document.createTextNode(" "));}});
    tr.appendChild(fc);
    tr.addEventListener("click",function(){open[p.index]=!open[p.index];render();});
    body.appendChild(tr);if(open[p.index])body.appendChild(detail(p,span));});
  document.getElementById("shown").textContent=rows.length+" / "+projects.length+" "+t("shown");}
function labels(){
  document.documentElement.setAttribute("lang",lang==="zh"?"zh-CN":"en");
  document.querySelectorAll("[data-t]").forEach(function(n){n.textContent=t(n.getAttribute("data-t"));});
  document.getElementById("f-search").setAttribute("placeholder",t("search"));
  document.querySelectorAll("[data-lang]").forEach(function(n){n.hidden=n.getAttribute("data-lang")!==lang;});
  var sel=document.getElementById("f-licence"),keep=sel.value;sel.textContent="";sel.appendChild(new Option(t("all_licences"),""));
  DATA.columns.forEach(function(id){sel.appendChild(new Option(id+" "+licName(id),id));});sel.value=keep;}
function init(){
  var pl=document.getElementById("f-platform"),first=new Option(t("all_platforms"),"");first.setAttribute("data-t","all_platforms");pl.appendChild(first);
  DATA.platforms.forEach(function(x){pl.appendChild(new Option(x,x));});
  var st=document.getElementById("f-state");first=new Option(t("all_states"),"");first.setAttribute("data-t","all_states");st.appendChild(first);
  ["required","likely","depends","held"].forEach(function(x){var o=new Option(t(x),x);o.setAttribute("data-t",x);st.appendChild(o);});
  var fs=document.getElementById("f-findings");
  [["","only_findings"],["error","with_errors"],["warning","with_warnings"]].forEach(function(x){var o=new Option(t(x[1]),x[0]);o.setAttribute("data-t",x[1]);fs.appendChild(o);});
  ["f-search","f-platform","f-licence","f-state","f-findings"].forEach(function(id){var n=document.getElementById(id);n.addEventListener("input",render);n.addEventListener("change",render);});
  document.getElementById("f-lang").addEventListener("click",function(){lang=lang==="zh"?"en":"zh";labels();render();});
  labels();render();document.body.setAttribute("data-ready","1");}
init();
})();

/*
 * Reader progress for the ML Engineer Roadmap: checklists that stick, progress bars,
 * export / import / reset, the skill-gap view and sortable, filterable resource tables.
 *
 * Everything stays in this browser (localStorage); nothing is sent anywhere.
 * Ticks are stored under each item's permanent key from the data
 * (e.g. "skills/python/core-syntax"), never its position on a page, and the rename
 * map from data/renames.yaml moves ticks to renamed keys. The data this needs
 * (keys per skill, step and project, tiers, renames) is window.RoadmapData, written
 * by macros/reader.py into roadmap-data.js, which loads before this file.
 *
 * Setup runs inside Material's document$ stream, which fires on the first load and
 * after every instant navigation, so each new page is wired exactly once.
 */
(function () {
  "use strict";

  var DATA = window.RoadmapData || { skills: {}, steps: [], projects: [], areas: [], tiers: [], renames: {}, levels: [] };
  var SCRIPT = document.currentScript;
  // This file is assets/javascripts/progress.js, so the site root is two levels up.
  var ROOT = new URL("../../", SCRIPT && SCRIPT.src ? SCRIPT.src : window.location.href);
  // Like Material's own storage, one site per path; every language shares the English site's
  // (DATA.home: "../" from /pt-BR/), so a tick made in one language shows in the others.
  var SCOPE = new URL((DATA && DATA.home) || "", ROOT).pathname;
  var STORE_KEY = SCOPE + ":ml-roadmap:progress";
  var TIER_KEY = SCOPE + ":ml-roadmap:target-tier";
  var FORMAT = "ml-engineer-roadmap-progress";
  var VERSION = 1;
  var KEY_PATTERN = /^(skills|steps|projects)\/[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_IMPORT_BYTES = 1024 * 1024; // an export of every item is a few kB; refuse anything near this
  // When an item was ticked, as Date.toISOString() writes it (seconds and fraction optional).
  var DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

  // Ids and keys come from data, storage and imported files, so a key may be "constructor" or
  // "__proto__": every map keyed by them has no prototype, and data objects are read through own().
  function hasOwn(object, key) {
    return object !== null && object !== undefined && Object.prototype.hasOwnProperty.call(object, key);
  }

  function own(object, key) {
    return hasOwn(object, key) ? object[key] : undefined;
  }

  function emptyMap() {
    return Object.create(null);
  }

  // -- interface strings ---------------------------------------------------------------------
  // The English message, looked up in this language's catalog (roadmap-data.js carries it, from
  // macros/i18n/locale/<lang>/LC_MESSAGES/scripts.po); English when it has no translation.
  // %(name)s placeholders are filled from `params`. The result is text: it is only ever set
  // with textContent or as an attribute, never as HTML.
  var STRINGS = own(DATA, "strings") || {};

  // The tiers' expected levels, as the skill pages name them.
  var PROFICIENCY_NAMES = { awareness: t("awareness"), working: t("working"), proficient: t("proficient"), expert: t("expert") };

  function fill(text, params) {
    if (!params) return text;
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return hasOwn(params, name) ? String(params[name]) : whole;
    });
  }

  function t(message, params) {
    var text = own(STRINGS, message);
    return fill(typeof text === "string" && text ? text : message, params);
  }

  // A message with a count, %(num)s: the language's singular or plural form (English: 1 is singular).
  var PLURALS = own(DATA, "plurals") || {};
  var SINGULAR_COUNTS = own(DATA, "singular_counts") || [1];

  function tn(singular, plural, count, params) {
    var forms = own(PLURALS, singular);
    var one = SINGULAR_COUNTS.indexOf(count) >= 0;
    var text = forms && forms[one ? 0 : 1] ? forms[one ? 0 : 1] : one ? singular : plural;
    var all = { num: count };
    Object.keys(params || {}).forEach(function (key) { all[key] = params[key]; });
    return fill(text, all);
  }

  // -- storage -------------------------------------------------------------------------

  function storageGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (err) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
      return true;
    } catch (err) {
      return false; // private mode or full storage: the page still works, ticks do not persist
    }
  }

  /** Follow the rename map: a key that was renamed (possibly several times) gives its current key. */
  function currentKey(key) {
    var seen = emptyMap();
    while (hasOwn(DATA.renames, key) && !seen[key]) {
      seen[key] = true;
      key = DATA.renames[key];
    }
    return key;
  }

  /** Copy `done` with renamed keys moved to their new names (an existing new key wins). */
  function migrate(done) {
    var out = emptyMap();
    var changed = false;
    Object.keys(done).forEach(function (key) {
      var target = currentKey(key);
      if (target !== key) changed = true;
      if (!hasOwn(out, target) || target === key) out[target] = done[key];
    });
    return { done: out, changed: changed };
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** The stored ticks, migrated through the rename map: {key: ISO date ticked}. */
  function loadDone() {
    var raw = storageGet(STORE_KEY);
    if (!raw) return emptyMap();
    var parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      parsed = null;
    }
    if (!isPlainObject(parsed) || !isPlainObject(parsed.done)) {
      // Unreadable: keep a copy rather than lose it, then start afresh.
      storageSet(STORE_KEY + ":unreadable", raw);
      storageSet(STORE_KEY, null);
      return emptyMap();
    }
    var migrated = migrate(parsed.done);
    if (migrated.changed) saveDone(migrated.done);
    return migrated.done;
  }

  function saveDone(done) {
    return storageSet(STORE_KEY, JSON.stringify({ version: VERSION, done: done }));
  }

  function setTicked(key, ticked) {
    var done = loadDone();
    if (ticked) done[key] = done[key] || new Date().toISOString();
    else delete done[key];
    saveDone(done);
  }

  // -- what each progress bar counts -----------------------------------------------------

  function skillKeys(id) {
    var skill = own(DATA.skills, id);
    return skill && Array.isArray(skill.keys) ? skill.keys : [];
  }

  function find(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function scopeKeys(scope) {
    var parts = scope.split(":");
    var kind = parts[0];
    var id = parts[1];
    var keys = [];
    if (kind === "all") {
      Object.keys(DATA.skills).forEach(function (s) { keys = keys.concat(skillKeys(s)); });
      DATA.steps.forEach(function (s) { keys = keys.concat(s.keys); });
      DATA.projects.forEach(function (p) { keys = keys.concat(p.keys); });
    } else if (kind === "area") {
      var area = find(DATA.areas, id);
      if (area) area.skills.forEach(function (s) { keys = keys.concat(skillKeys(s)); });
    } else if (kind === "skill") {
      keys = skillKeys(id).slice();
    } else if (kind === "step") {
      var step = find(DATA.steps, id);
      if (step) {
        keys = step.keys.slice();
        step.skills.forEach(function (s) { keys = keys.concat(skillKeys(s)); });
      }
    } else if (kind === "projects") {
      DATA.projects.forEach(function (p) { keys = keys.concat(p.keys); });
    } else if (kind === "project") {
      var project = find(DATA.projects, id);
      if (project) keys = project.keys.slice();
    }
    return keys;
  }

  function countDone(keys, done) {
    var seen = emptyMap();
    var total = 0;
    var ticked = 0;
    keys.forEach(function (key) {
      if (seen[key]) return; // a skill shared by two steps counts once
      seen[key] = true;
      total += 1;
      if (done[key]) ticked += 1;
    });
    return { done: ticked, total: total };
  }

  function describe(count) {
    if (!count.total) return t("nothing to tick yet");
    var percent = Math.round((100 * count.done) / count.total);
    return t("%(done)s of %(total)s done (%(percent)s%)", { done: count.done, total: count.total, percent: percent });
  }

  function fillBar(bar, count) {
    var progress = bar.querySelector("progress");
    var text = bar.querySelector(".rm-progress-count");
    if (progress) {
      progress.max = count.total || 1;
      progress.value = count.done;
    }
    if (text) text.textContent = describe(count);
    bar.setAttribute("data-done", String(count.done));
    bar.setAttribute("data-total", String(count.total));
    bar.classList.add("rm-ready");
  }

  // -- page wiring --------------------------------------------------------------------------

  function checkItems(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".rm-check[data-check-id]"));
  }

  function checkboxFor(marker) {
    var item = marker.closest("li");
    return item ? item.querySelector('input[type="checkbox"]') : null;
  }

  /** Put every checkbox, bar and gap view on the page in line with the stored ticks. */
  function refresh(root) {
    var done = loadDone();
    checkItems(root).forEach(function (marker) {
      var box = checkboxFor(marker);
      if (!box) return;
      var key = currentKey(marker.getAttribute("data-check-id"));
      box.checked = Boolean(done[key]);
      marker.closest("li").classList.toggle("rm-done", box.checked);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".rm-progress[data-progress-scope]"), function (bar) {
      fillBar(bar, countDone(scopeKeys(bar.getAttribute("data-progress-scope")), done));
    });
    var gap = root.querySelector(".rm-gap");
    if (gap) renderGap(gap, done);
    notifyChange(done);
  }

  function setupChecklists(root) {
    checkItems(root).forEach(function (marker) {
      var box = checkboxFor(marker);
      if (!box || box.getAttribute("data-check-id")) return;
      var item = marker.closest("li");
      var key = currentKey(marker.getAttribute("data-check-id"));
      box.disabled = false;
      box.removeAttribute("disabled");
      box.setAttribute("data-check-id", key);
      box.setAttribute("aria-label", item.textContent.replace(/\s+/g, " ").trim());
      item.classList.add("rm-check-item");
      box.addEventListener("change", function () {
        setTicked(key, box.checked);
        refresh(root);
      });
    });
  }

  // -- skill gap ------------------------------------------------------------------------------

  function element(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function skillLink(id) {
    var skill = own(DATA.skills, id);
    return element("a", { href: new URL(skill.url, ROOT).href, text: skill.name });
  }

  function stepOrderOf(id) {
    for (var i = 0; i < DATA.steps.length; i++) if (DATA.steps[i].skills.indexOf(id) >= 0) return DATA.steps[i].order;
    return 1000;
  }

  /**
   * Skills to learn next for a tier: unfinished, with every prerequisite finished. What the tier
   * expects most comes first (a prerequisite counts at the level of the skill it unlocks), then
   * the least progress, then the path's order.
   */
  function nextSkills(tier, done) {
    var rank = emptyMap();
    tier.skills.forEach(function (e) { rank[e.skill] = e.rank; });
    var ratio = emptyMap();
    function progressOf(id) {
      if (!(id in ratio)) {
        var c = countDone(skillKeys(id), done);
        ratio[id] = c.total ? c.done / c.total : 1;
      }
      return ratio[id];
    }
    var ready = emptyMap();
    var visited = emptyMap();
    function visit(id, forSkill) {
      if (visited[id] || !own(DATA.skills, id)) return;
      visited[id] = true;
      if (progressOf(id) >= 1) return;
      var blocked = false;
      own(DATA.skills, id).prerequisites.forEach(function (p) {
        if (own(DATA.skills, p) && progressOf(p) < 1) {
          blocked = true;
          visit(p, forSkill);
        }
      });
      if (!blocked && !ready[id]) ready[id] = forSkill;
    }
    function rankOf(id) {
      return Math.max(rank[id] || 0, rank[ready[id]] || 0);
    }
    tier.skills.forEach(function (e) { visit(e.skill, e.skill); });
    return Object.keys(ready)
      .sort(function (a, b) {
        return rankOf(b) - rankOf(a) || progressOf(a) - progressOf(b) || stepOrderOf(a) - stepOrderOf(b) || own(DATA.skills, a).name.localeCompare(own(DATA.skills, b).name);
      })
      .slice(0, 5)
      .map(function (id) { return { skill: id, forSkill: ready[id] }; });
  }

  function renderGap(gap, done) {
    var select = gap.querySelector("select");
    var out = gap.querySelector(".rm-gap-result");
    if (!select || !out) return;
    var tier = find(DATA.tiers, select.value);
    out.textContent = "";
    if (!tier) return;
    var expected = tier.skills.filter(function (e) { return own(DATA.skills, e.skill); });
    var rows = expected.map(function (e) {
      var count = countDone(skillKeys(e.skill), done);
      return { e: e, count: count, ratio: count.total ? count.done / count.total : 1 };
    });
    var finished = rows.filter(function (r) { return r.ratio >= 1; }).length;
    out.appendChild(element("p", { class: "rm-gap-summary", text:
      t("%(tier)s expects %(count)s skills; you have finished %(finished)s of them.", { tier: tier.name, count: rows.length, finished: finished }) }));

    var next = nextSkills(tier, done);
    if (next.length) {
      out.appendChild(element("p", {}, [element("strong", { text: t("What to learn next") })]));
      out.appendChild(element("ol", { class: "rm-gap-next" }, next.map(function (n) {
        var bits = [skillLink(n.skill)];
        if (n.forSkill !== n.skill) bits.push(" " + t("(a prerequisite of %(skill)s)", { skill: own(DATA.skills, n.forSkill).name }));
        var c = countDone(skillKeys(n.skill), done);
        bits.push(": " + describe(c));
        return element("li", {}, bits);
      })));
    } else if (rows.length) {
      out.appendChild(element("p", { class: "rm-gap-complete", text: t("You have ticked every objective of every skill this tier expects.") }));
    }

    rows.sort(function (a, b) { return b.e.rank - a.e.rank || a.ratio - b.ratio; });
    var body = element("tbody", {}, rows.map(function (r) {
      var name = own(DATA.skills, r.e.skill).name;
      var bar = element("progress", { max: String(r.count.total || 1), "aria-label": t("Progress on %(name)s", { name: name }) });
      bar.value = r.count.done;
      return element("tr", { "data-skill": r.e.skill }, [
        element("td", {}, [skillLink(r.e.skill)]),
        element("td", { text: capitalise(own(PROFICIENCY_NAMES, r.e.level) || r.e.level) }),
        element("td", {}, [element("span", { class: "rm-progress rm-ready" }, [bar, " ", element("span", { class: "rm-progress-count", text: describe(r.count) })])]),
      ]);
    }));
    var table = element("table", { class: "rm-gap-table" }, [
      element("caption", { text: t("Skills expected of a %(tier)s, highest level first", { tier: tier.name.toLowerCase() }) }),
      element("thead", {}, [element("tr", {}, [
        element("th", { scope: "col", text: t("Skill") }),
        element("th", { scope: "col", text: t("Expected level") }),
        element("th", { scope: "col", text: t("Your progress") }),
      ])]),
      body,
    ]);
    // Folded by default (the page leads with the summary and what to learn next); a re-render
    // after a tick keeps it open if the reader opened it.
    var fold = element("details", { class: "rm-fold rm-gap-fold" }, [
      element("summary", {}, [element("span", { class: "rm-fold-title", text: t("Every skill this tier expects (%(count)s), with your progress", { count: rows.length }) })]),
      element("div", { class: "rm-gap-table-wrap" }, [table]),
    ]);
    fold.open = gap.getAttribute("data-open") === "1";
    fold.addEventListener("toggle", function () { gap.setAttribute("data-open", fold.open ? "1" : "0"); });
    out.appendChild(fold);
    out.appendChild(element("p", {}, [element("a", { href: new URL(tier.url, ROOT).href, text: t("More about the %(tier)s tier", { tier: tier.name.toLowerCase() }) })]));
  }

  function setupGap(root) {
    var gap = root.querySelector(".rm-gap");
    if (!gap || gap.getAttribute("data-ready")) return;
    gap.setAttribute("data-ready", "1");
    var select = gap.querySelector("select");
    // A link such as a tier page's "skill gap for this tier" (?tier=<id>) wins over the last choice,
    // which wins over the page's default (the role's own tier).
    var asked = new URLSearchParams(window.location.search).get("tier");
    var saved = storageGet(TIER_KEY);
    if (asked && find(DATA.tiers, asked)) select.value = asked;
    else if (saved && find(DATA.tiers, saved)) select.value = saved;
    select.addEventListener("change", function () {
      storageSet(TIER_KEY, select.value);
      renderGap(gap, loadDone());
    });
  }

  // -- export, import, reset ----------------------------------------------------------------

  function say(root, message, isError) {
    var box = root.querySelector(".rm-backup-message");
    if (!box) return;
    box.textContent = message;
    box.classList.toggle("rm-error", Boolean(isError));
  }

  var knownKeys = null;

  /** Every checklist key on this site (from roadmap-data.js), as a map with no prototype. */
  function checklistKeys() {
    if (knownKeys) return knownKeys;
    knownKeys = emptyMap();
    var add = function (keys) {
      if (Array.isArray(keys)) keys.forEach(function (key) { if (typeof key === "string") knownKeys[key] = true; });
    };
    Object.keys(DATA.skills || {}).forEach(function (id) { add(skillKeys(id)); });
    (DATA.steps || []).forEach(function (s) { add(s && s.keys); });
    (DATA.projects || []).forEach(function (p) { add(p && p.keys); });
    return knownKeys;
  }

  function isDate(value) {
    return typeof value === "string" && DATE_PATTERN.test(value) && !isNaN(Date.parse(value));
  }

  /**
   * What an exported file holds: {done: {key: ISO date or true}, unknown: count}, or an Error
   * whose message tells the reader what is wrong. All or nothing: one malformed entry refuses
   * the file. Well-formed keys this site does not have (an item removed since the export, or
   * one from a newer roadmap) are counted and left out, so the rest of the file still imports.
   */
  function parseExport(text) {
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(t("This file is not valid JSON, so nothing was imported. Choose a file made with “Export progress”."), { cause: err });
    }
    if (!isPlainObject(parsed) || own(parsed, "format") !== FORMAT) {
      throw new Error(t("This file is not a progress export from this roadmap, so nothing was imported. Choose a file made with “Export progress”."));
    }
    var version = own(parsed, "version");
    if (typeof version === "number" && Number.isInteger(version) && version > VERSION) {
      throw new Error(t("This export was made by a newer version of the roadmap (format version %(version)s) than this site understands (version %(supported)s), so nothing was imported.", { version: version, supported: VERSION }));
    }
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
      throw new Error(t("This export has no valid format version (a whole number from 1 to %(supported)s), so nothing was imported.", { supported: VERSION }));
    }
    var done = own(parsed, "done");
    if (!isPlainObject(done)) {
      throw new Error(t("This export has no list of ticked items (“done”), so nothing was imported."));
    }
    var known = checklistKeys();
    var ticked = emptyMap();
    var unknown = 0;
    var keys = Object.keys(done);
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      var value = done[key];
      if (!KEY_PATTERN.test(key)) {
        throw new Error(t("This export has an entry that is not a checklist item (“%(key)s”), so nothing was imported.", { key: key.slice(0, 80) }));
      }
      if (typeof value !== "boolean" && !isDate(value)) {
        throw new Error(t("This export marks “%(key)s” with something other than true, false or the date it was ticked, so nothing was imported.", { key: key.slice(0, 80) }));
      }
      if (!known[currentKey(key)]) unknown += 1;
      else if (value !== false) ticked[key] = value;
    }
    if (unknown && unknown === keys.length) {
      throw new Error(tn("None of the %(num)s item in this export is a checklist item on this site, so nothing was imported.", "None of the %(num)s items in this export is a checklist item on this site, so nothing was imported.", unknown));
    }
    return { done: migrate(ticked).done, unknown: unknown };
  }

  function exportProgress(root) {
    var done = loadDone();
    var count = Object.keys(done).length;
    var payload = { format: FORMAT, version: VERSION, exported: new Date().toISOString(), site: ROOT.href, done: done };
    var blob = new Blob([JSON.stringify(payload, null, 2) + "\n"], { type: "application/json" });
    var link = element("a", { href: URL.createObjectURL(blob), download: "ml-engineer-roadmap-progress-" + new Date().toISOString().slice(0, 10) + ".json" });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    say(root, tn("Exported %(num)s ticked item to a file in your downloads.", "Exported %(num)s ticked items to a file in your downloads.", count));
  }

  function importProgress(root, file) {
    if (typeof file.size !== "number" || file.size > MAX_IMPORT_BYTES) {
      say(root, t("This file is larger than 1 MB, far more than a progress export, so nothing was imported. Choose a file made with “Export progress”."), true);
      return;
    }
    file.text().then(function (text) {
      var result;
      try {
        result = parseExport(text);
      } catch (err) {
        say(root, err.message, true);
        return;
      }
      var incoming = result.done;
      var done = loadDone();
      var added = 0;
      Object.keys(incoming).forEach(function (key) {
        if (!done[key]) {
          done[key] = typeof incoming[key] === "string" ? incoming[key] : new Date().toISOString();
          added += 1;
        }
      });
      if (!saveDone(done)) {
        say(root, t("This browser would not store the progress (private mode or full storage?); nothing was changed."), true);
        return;
      }
      var total = Object.keys(incoming).length;
      var message = tn("Imported %(num)s ticked item from %(file)s (%(added)s new).", "Imported %(num)s ticked items from %(file)s (%(added)s new).",
        total, { file: file.name, added: added });
      if (result.unknown) {
        message += " " + tn("%(num)s item in the file is not on this site's checklists and was left out.",
          "%(num)s items in the file are not on this site's checklists and were left out.", result.unknown);
      }
      say(root, message);
      refresh(root);
    }, function () {
      say(root, t("The file could not be read, so nothing was imported."), true);
    });
  }

  function setupBackup(root) {
    var backup = root.querySelector(".rm-backup");
    if (!backup || backup.getAttribute("data-ready")) return;
    backup.setAttribute("data-ready", "1");
    var input = backup.querySelector(".rm-import-file");
    backup.querySelector(".rm-export").addEventListener("click", function () { exportProgress(root); });
    backup.querySelector(".rm-import").addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) importProgress(root, input.files[0]);
      input.value = "";
    });
    backup.querySelector(".rm-reset").addEventListener("click", function () {
      var count = Object.keys(loadDone()).length;
      if (!window.confirm(t("Untick all %(count)s ticked items in this browser? This cannot be undone; export your progress first to keep a copy.", { count: count }))) {
        say(root, t("Nothing was reset."));
        return;
      }
      storageSet(STORE_KEY, null);
      say(root, t("Progress reset: every box is unticked."));
      refresh(root);
    });
  }

  // -- resource tables: sort and filter -------------------------------------------------------

  var LEVEL_ORDER = { beginner: 1, intermediate: 2, advanced: 3 };
  // Resource tables name their columns in the page's language; the code knows them in English.
  var COLUMN_NAMES = { resource: t("Resource"), type: t("Type"), cost: t("Cost"), level: t("Level"), "for": t("For") };
  var LEVEL_NAMES = { beginner: t("beginner"), intermediate: t("intermediate"), advanced: t("advanced") };

  function columnKey(header) {
    var text = header.trim().toLowerCase();
    var found = Object.keys(COLUMN_NAMES).filter(function (key) {
      return text === key || text === COLUMN_NAMES[key].toLowerCase();
    });
    return found.length ? found[0] : text;
  }

  /** 1, 2, 3 for beginner, intermediate, advanced (English or translated); 99 otherwise. */
  function levelRank(text) {
    var lower = text.toLowerCase();
    var found = Object.keys(LEVEL_ORDER).filter(function (key) { return lower === key || lower === LEVEL_NAMES[key].toLowerCase(); });
    return found.length ? LEVEL_ORDER[found[0]] : 99;
  }
  var MIN_FILTER_ROWS = 4; // a table this short is read at a glance: no controls over it
  var OWNER_GROUPS = [["skills", t("Skills")], ["tools", t("Tools")], ["steps", t("Learning path steps")], ["specialisations", t("Specialisations")]];
  var tableCounter = 0;

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function sortValue(row, index, column) {
    var text = cellText(row, index);
    if (column === "level") return levelRank(text);
    return text.toLowerCase();
  }

  function labelled(text, control) {
    return element("label", { class: "rm-filter" }, [element("span", { text: text }), control]);
  }

  /** The page a "For" cell links to, as "skills/python" (its path below the site root), or "". */
  function ownerOf(row, index) {
    var link = row.cells[index] && row.cells[index].querySelector("a[href]");
    if (!link) return "";
    var path = new URL(link.getAttribute("href"), window.location.href).pathname;
    return path.indexOf(ROOT.pathname) === 0 ? path.slice(ROOT.pathname.length).replace(/\/(index\.html)?$/, "") : "";
  }

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  /** Filter state in the address (?type=book&level=beginner&free=1&for=skills/python&q=text), so a view can be linked. */
  function readFilterState() {
    var params = new URLSearchParams(window.location.search);
    return { type: params.get("type") || "", level: params.get("level") || "", free: params.get("free") === "1",
      owner: params.get("for") || "", q: params.get("q") || "" };
  }

  function writeFilterState(state) {
    var url = new URL(window.location.href);
    [["type", state.type], ["level", state.level], ["free", state.free ? "1" : ""], ["for", state.owner], ["q", state.q]]
      .forEach(function (pair) {
        if (pair[1]) url.searchParams.set(pair[0], pair[1]);
        else url.searchParams.delete(pair[0]);
      });
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  /** Pick the option whose value matches `wanted` regardless of case; "" (all) when none does. */
  function choose(select, wanted) {
    if (!select) return;
    select.value = "";
    Array.prototype.forEach.call(select.options, function (option) {
      if (wanted && option.value.toLowerCase() === wanted.toLowerCase()) select.value = option.value;
    });
  }

  function enhanceResourceTable(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length || wrapper.getAttribute("data-ready")) return;
    wrapper.setAttribute("data-ready", "1");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < MIN_FILTER_ROWS) return;
    var n = ++tableCounter;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var columns = headers.map(function (th) { return columnKey(th.textContent); });
    var col = function (name) { return columns.indexOf(name); };
    rows.forEach(function (row, i) { row.setAttribute("data-index", String(i)); });

    function distinct(index) {
      var values = emptyMap();
      rows.forEach(function (row) { values[cellText(row, index)] = true; });
      return Object.keys(values);
    }

    var controls = element("div", { class: "rm-filters", role: "group", "aria-label": t("Filter and sort the resources") });
    var searchBox = null;
    var ownerSelect = null;
    var typeSelect = null;
    var levelSelect = null;
    var freeBox = null;
    if (col("for") >= 0) {
      // The table of every resource: a text search and a choice of what the resource is for.
      searchBox = element("input", { type: "search", id: "rm-filter-text-" + n, placeholder: t("Title, author or topic") });
      controls.appendChild(labelled(t("Search resources"), searchBox));
      var owners = emptyMap();
      rows.forEach(function (row) {
        var id = ownerOf(row, col("for"));
        if (id) owners[id] = cellText(row, col("for"));
      });
      ownerSelect = element("select", { id: "rm-filter-for-" + n }, [element("option", { value: "", text: t("Anything") })]
        .concat(OWNER_GROUPS.map(function (group) {
          var ids = Object.keys(owners).filter(function (id) { return id.split("/")[0] === group[0]; })
            .sort(function (a, b) { return owners[a].localeCompare(owners[b]); });
          return element("optgroup", { label: group[1] }, ids.map(function (id) { return element("option", { value: id, text: owners[id] }); }));
        }).filter(function (group) { return group.children.length; })));
      controls.appendChild(labelled(t("For"), ownerSelect));
    }
    if (col("type") >= 0) {
      typeSelect = element("select", { id: "rm-filter-type-" + n }, [element("option", { value: "", text: t("All types") })]
        .concat(distinct(col("type")).sort().map(function (type) { return element("option", { value: type, text: capitalise(type) }); })));
      controls.appendChild(labelled(t("Type"), typeSelect));
    }
    if (col("level") >= 0) {
      levelSelect = element("select", { id: "rm-filter-level-" + n }, [element("option", { value: "", text: t("All levels") })]
        .concat(distinct(col("level")).sort(function (a, b) {
          return levelRank(a) - levelRank(b);
        }).map(function (l) { return element("option", { value: l, text: l }); })));
      controls.appendChild(labelled(t("Level"), levelSelect));
    }
    if (col("cost") >= 0) {
      freeBox = element("input", { type: "checkbox", id: "rm-filter-free-" + n });
      controls.appendChild(element("label", { class: "rm-filter rm-filter-free" }, [freeBox, element("span", { text: t("Free only") })]));
    }
    var status = element("p", { class: "rm-filter-status", role: "status" });
    controls.appendChild(status);
    var clear = element("button", { type: "button", class: "md-button rm-filter-clear", text: t("Clear filters") });
    var empty = element("p", { class: "rm-filter-empty" }, [t("No resource matches these filters.") + " ", clear]);
    empty.hidden = true;

    function state() {
      return {
        type: typeSelect ? typeSelect.value : "",
        level: levelSelect ? levelSelect.value.toLowerCase() : "",
        free: Boolean(freeBox && freeBox.checked),
        owner: ownerSelect ? ownerSelect.value : "",
        q: searchBox ? searchBox.value.trim() : "",
      };
    }

    function applyFilters() {
      var wanted = state();
      var terms = words(wanted.q);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var keep = (!wanted.type || cellText(row, col("type")) === wanted.type) &&
          (!wanted.level || cellText(row, col("level")).toLowerCase() === wanted.level) &&
          (!wanted.free || cellText(row, col("cost")).toLowerCase() === t("Free").toLowerCase()) &&
          (!wanted.owner || ownerOf(row, col("for")) === wanted.owner) &&
          terms.every(function (term) { return text.indexOf(term) >= 0; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      status.textContent = t("Showing %(shown)s of %(total)s resources.", { shown: shown, total: rows.length });
      wrapper.classList.toggle("rm-empty", shown === 0);
      empty.hidden = shown !== 0;
      writeFilterState(wanted);
    }

    function setState(wanted) {
      choose(typeSelect, wanted.type);
      choose(levelSelect, wanted.level);
      choose(ownerSelect, wanted.owner);
      if (freeBox) freeBox.checked = wanted.free;
      if (searchBox) searchBox.value = wanted.q;
    }

    [ownerSelect, typeSelect, levelSelect, freeBox].forEach(function (control) {
      if (control) control.addEventListener("change", applyFilters);
    });
    if (searchBox) searchBox.addEventListener("input", applyFilters);
    clear.addEventListener("click", function () {
      setState({ type: "", level: "", free: false, owner: "", q: "" });
      applyFilters();
      (searchBox || typeSelect || levelSelect || freeBox).focus();
    });

    headers.forEach(function (th, index) {
      var button = element("button", { type: "button", class: "rm-sort", text: th.textContent.trim() });
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = sortValue(a, index, columns[index]);
          var y = sortValue(b, index, columns[index]);
          var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
          if (!ascending) order = -order;
          return order || Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });

    wrapper.insertBefore(controls, wrapper.firstChild);
    wrapper.appendChild(empty);
    setState(readFilterState());
    applyFilters();
  }

  // -- skill x tier matrix: one tier at a time ------------------------------------------------------

  function setupMatrix(root) {
    var select = root.querySelector(".rm-matrix-tier");
    var matrix = root.querySelector(".rm-matrix");
    if (!select || !matrix || select.getAttribute("data-ready")) return;
    select.setAttribute("data-ready", "1");
    function show() {
      var tier = select.value;
      matrix.classList.toggle("rm-one-tier", Boolean(tier));
      Array.prototype.forEach.call(matrix.querySelectorAll("[data-tier]"), function (cell) {
        cell.classList.toggle("rm-off", Boolean(tier) && cell.getAttribute("data-tier") !== tier);
      });
      // With one tier chosen, only the skills it expects, and only areas that keep a skill.
      Array.prototype.forEach.call(matrix.querySelectorAll("tbody"), function (group) {
        var kept = 0;
        Array.prototype.forEach.call(group.querySelectorAll("tr:not(.rm-matrix-area)"), function (row) {
          var cell = tier ? row.querySelector('td[data-tier="' + CSS.escape(tier) + '"]') : null;
          var off = Boolean(tier) && (!cell || cell.classList.contains("rm-level-none"));
          row.classList.toggle("rm-off", off);
          if (!off) kept += 1;
        });
        var heading = group.querySelector(".rm-matrix-area");
        if (heading) heading.classList.toggle("rm-off", kept === 0);
      });
    }
    select.addEventListener("change", show);
    show();
  }

  // -- entry point ----------------------------------------------------------------------------

  function init() {
    var root = document;
    setupChecklists(root);
    setupGap(root);
    setupBackup(root);
    setupMatrix(root);
    Array.prototype.forEach.call(root.querySelectorAll(".rm-resources"), enhanceResourceTable);
    refresh(root);
  }

  // Another tab ticked something: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key === STORE_KEY || event.key === null) refresh(document);
  });

  // -- public read API (journey.js, the plan page) ----------------------------------------------

  var changeListeners = [];

  /** Tell every onChange listener the current ticks; runs after each refresh (load, tick, import, reset, another tab). */
  function notifyChange(done) {
    changeListeners.forEach(function (callback) {
      try {
        callback(copyDone(done));
      } catch (err) {
        if (window.console) window.console.error(err); // one broken listener must not stop the others
      }
    });
  }

  function copyDone(done) {
    var copy = emptyMap();
    Object.keys(done).forEach(function (key) { copy[key] = done[key]; });
    return copy;
  }

  /**
   * window.RoadmapProgress: read-only access to the stored ticks for other scripts.
   * done() is a copy {current key: ISO date ticked}; skillProgress(id) and scopeProgress(scope)
   * count like the progress bars ("skill:python", "step:foundations", "all"), and nextKey is the
   * first unticked key in the data's order (null when all are done); onChange(callback) calls back
   * with done() after every refresh and returns a function that stops it.
   */
  window.RoadmapProgress = Object.freeze({
    done: function () { return copyDone(loadDone()); },
    currentKey: currentKey,
    element: element,
    t: t,
    tn: tn,
    skillProgress: function (id) { return progressOf(skillKeys(id)); },
    scopeProgress: function (scope) { return progressOf(scopeKeys(String(scope))); },
    onChange: function (callback) {
      if (typeof callback !== "function") return function () {};
      changeListeners.push(callback);
      return function () {
        var index = changeListeners.indexOf(callback);
        if (index >= 0) changeListeners.splice(index, 1);
      };
    },
    // The plan page's share links: add ticks someone sent, after the reader agreed. Only this
    // site's checklist keys are taken (renamed ones moved); returns how many were new.
    merge: function (keys) { return mergeTicks(keys); },
  });

  function mergeTicks(keys) {
    var known = checklistKeys();
    var done = loadDone();
    var added = 0;
    (Array.isArray(keys) ? keys : []).forEach(function (key) {
      var target = typeof key === "string" ? currentKey(key) : "";
      if (known[target] && !done[target]) {
        done[target] = new Date().toISOString();
        added += 1;
      }
    });
    if (added && !saveDone(done)) return 0;
    refresh(document);
    return added;
  }

  function progressOf(keys) {
    var done = loadDone();
    var count = countDone(keys, done);
    var next = null;
    for (var i = 0; i < keys.length && next === null; i++) if (!done[keys[i]]) next = keys[i];
    return { done: count.done, total: count.total, nextKey: next };
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

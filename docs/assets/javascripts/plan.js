/*
 * The study plan page (plan/): a dated, week-by-week plan of the skills a career tier expects,
 * an .ics calendar file of it, and a share link that carries the settings (and, if the reader
 * wants, their ticks) in the URL fragment, which browsers never send to a server.
 *
 * Data: window.RoadmapData (roadmap-data.js); ticks: window.RoadmapProgress (progress.js), both
 * loaded before this file. Every data value reaches the page as text (textContent, DOM APIs).
 * Setup runs inside Material's document$ stream, so instant navigation wires each page once.
 */
(function () {
  "use strict";

  var DATA = window.RoadmapData;
  var PROGRESS = window.RoadmapProgress;
  // The DOM builder progress.js uses (text only through textContent): one copy for every script.
  var element = PROGRESS && PROGRESS.element;
  var SCRIPT = document.currentScript;
  // This file is assets/javascripts/plan.js, so the site root is two levels up.
  var ROOT = new URL("../../", SCRIPT && SCRIPT.src ? SCRIPT.src : window.location.href);
  var SETTINGS_KEY = ROOT.pathname + ":ml-roadmap:plan";
  var LINK_VERSION = "1";
  var MIN_HOURS = 1;
  var MAX_HOURS = 80;
  var DAY_MS = 86400000;
  var MAX_LINK_BITS = 8192; // characters of the ticks bitset a link may carry: far above any real roadmap
  var EPSILON = 1e-9; // hours are sums of halves and shares: keep 20.000000001 in week 2, not 3

  // Ids come from the data and from links, so one may be "constructor": read maps through own().
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function emptyMap() {
    return Object.create(null);
  }

  // Interface text in the page's language, English when untranslated (progress.js's catalog lookup).
  var t = PROGRESS ? PROGRESS.t : function (message) { return message; };
  var tn = PROGRESS ? PROGRESS.tn : function (one, other, count) { return (count === 1 ? one : other).replace("%(num)s", count); };
  // The tiers' expected levels, named as the skill pages and the progress page name them.
  var LEVEL_NAMES = { awareness: t("awareness"), working: t("working"), proficient: t("proficient"), expert: t("expert") };
  var LOCALE = DATA && DATA.lang ? DATA.lang : "en-GB";
  // English keeps plain numbers; other languages their own decimal comma and grouping.
  var NUMBER = DATA && DATA.lang ? new Intl.NumberFormat(DATA.lang) : { format: String };

  function findTier(id) {
    for (var i = 0; i < DATA.tiers.length; i++) if (DATA.tiers[i].id === id) return DATA.tiers[i];
    return null;
  }

  function pageUrl(path) {
    return new URL(path, ROOT).href;
  }

  // -- dates: whole days in UTC, so no daylight-saving shift moves a week -------------------------

  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
    if (!match) return null;
    var ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    return isoDate(ms) === text ? ms : null; // refuses 2027-02-30
  }

  function isoDate(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function addDays(ms, days) {
    return ms + days * DAY_MS;
  }

  var DATE_FORMAT = new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

  function showDate(ms) {
    return DATE_FORMAT.format(new Date(ms));
  }

  function showHours(hours) {
    var rounded = Math.round(hours * 10) / 10;
    return tn("%(num)s hour", "%(num)s hours", rounded, { num: NUMBER.format(rounded) });
  }

  // -- the plan -------------------------------------------------------------------------------------

  function count(keys, done) {
    var ticked = 0;
    keys.forEach(function (key) { if (done[key]) ticked += 1; });
    return { done: ticked, total: keys.length };
  }

  function midpoint(skill) {
    return skill.effort ? (skill.effort[0] + skill.effort[1]) / 2 : 0;
  }

  /**
   * The plan for `settings` ({tier, hours, start, known}) with the ticks `done`: skill blocks in
   * learning order with their weeks and dates, the projects they unlock, and the totals.
   */
  function computePlan(settings, done) {
    var tier = findTier(settings.tier);
    var progress = emptyMap();
    function progressOf(id) {
      if (!progress[id]) progress[id] = count(own(DATA.skills, id).keys || [], done);
      return progress[id];
    }
    function finished(id) {
      var c = progressOf(id);
      return Boolean(settings.known[id]) || (c.total > 0 && c.done === c.total);
    }
    var expected = emptyMap();
    (tier ? tier.skills : []).forEach(function (e) { if (own(DATA.skills, e.skill)) expected[e.skill] = e.level; });
    // The tier's skills, then every prerequisite they need that is not finished (a finished
    // skill's own prerequisites are taken as learned with it).
    var needed = emptyMap();
    var neededFor = emptyMap();
    var stack = Object.keys(expected).reverse();
    while (stack.length) {
      var id = stack.pop();
      if (needed[id] || finished(id)) continue;
      needed[id] = true;
      own(DATA.skills, id).prerequisites.forEach(function (p) {
        if (!own(DATA.skills, p) || needed[p] || expected[p]) return;
        if (!neededFor[p]) neededFor[p] = id;
        stack.push(p);
      });
    }
    // The site's learning order is a topological order of every skill, so the plan's part of it
    // puts each prerequisite first, exactly as the tier and skill pages list them.
    var order = DATA.learning_order.filter(function (id) { return needed[id]; });
    var hoursPerWeek = settings.hours;
    var cursor = 0;
    var low = 0;
    var high = 0;
    var endWeekOf = emptyMap();
    var blocks = order.map(function (id) {
      var skill = own(DATA.skills, id);
      var c = progressOf(id);
      var share = c.total ? (c.total - c.done) / c.total : 1;
      var hours = midpoint(skill) * share;
      var startWeek = Math.floor(cursor / hoursPerWeek + EPSILON) + 1;
      cursor += hours;
      var endWeek = Math.max(startWeek, Math.ceil(cursor / hoursPerWeek - EPSILON));
      if (skill.effort) {
        low += skill.effort[0] * share;
        high += skill.effort[1] * share;
      }
      endWeekOf[id] = endWeek;
      return {
        id: id,
        skill: skill,
        hours: hours,
        ticked: c,
        level: expected[id] || null,
        neededFor: neededFor[id] || null,
        startWeek: startWeek,
        endWeek: endWeek,
        start: addDays(settings.start, 7 * (startWeek - 1)),
        end: addDays(settings.start, 7 * endWeek - 1), // the last day of its last week
      };
    });
    var weeks = Math.ceil(cursor / hoursPerWeek - EPSILON);
    return {
      tier: tier,
      settings: settings,
      blocks: blocks,
      projects: placeProjects(blocks, endWeekOf, finished, done),
      hours: cursor,
      low: low,
      high: high,
      weeks: weeks,
      end: weeks ? addDays(settings.start, 7 * weeks - 1) : settings.start,
    };
  }

  /** Projects whose skills are all finished or in the plan, at the week the last of them is done. */
  function placeProjects(blocks, endWeekOf, finished, done) {
    var placed = [];
    DATA.projects.forEach(function (project) {
      var milestones = count(project.keys || [], done);
      if (milestones.total && milestones.done === milestones.total) return; // already built
      var week = 0;
      var after = -1;
      for (var i = 0; i < project.skills.length; i++) {
        var id = project.skills[i];
        if (own(endWeekOf, id) !== undefined) {
          week = Math.max(week, endWeekOf[id]);
          for (var b = 0; b < blocks.length; b++) if (blocks[b].id === id) after = Math.max(after, b);
        } else if (!own(DATA.skills, id) || !finished(id)) {
          return; // needs a skill outside this plan
        }
      }
      placed.push({ project: project, week: week, after: after });
    });
    return placed;
  }

  // -- showing it -----------------------------------------------------------------------------------

  function weeksLabel(block) {
    return block.startWeek === block.endWeek ? t("Week %(week)s", { week: block.startWeek })
      : t("Weeks %(first)s–%(last)s", { first: block.startWeek, last: block.endWeek });
  }

  function skillNote(block) {
    var notes = [];
    if (block.neededFor) notes.push(t("prerequisite of %(skill)s", { skill: own(DATA.skills, block.neededFor).name }));
    if (block.ticked.done) notes.push(t("%(done)s of %(total)s objectives ticked", { done: block.ticked.done, total: block.ticked.total }));
    if (!block.skill.effort) notes.push(t("no time estimate yet"));
    return notes.join("; ");
  }

  function projectRow(entry, plan) {
    var when = entry.week ? t("After week %(week)s", { week: entry.week }) : t("Now");
    var date = entry.week ? t("from %(date)s", { date: showDate(addDays(plan.settings.start, 7 * entry.week)) }) : t("ready now");
    return element("tr", { class: "rm-plan-project", "data-project": entry.project.id, "data-week": String(entry.week) }, [
      element("td", { text: when }),
      element("td", { text: date }),
      element("td", {}, [t("Project:") + " ", element("a", { href: pageUrl(entry.project.url), text: entry.project.title })]),
      element("td", { text: "" }),
      element("td", { text: "" }),
    ]);
  }

  function planTable(plan) {
    var rows = [];
    var byBlock = emptyMap();
    plan.projects.forEach(function (entry) {
      (byBlock[entry.after] = byBlock[entry.after] || []).push(entry);
    });
    (byBlock[-1] || []).forEach(function (entry) { rows.push(projectRow(entry, plan)); });
    plan.blocks.forEach(function (block, index) {
      rows.push(element("tr", {
        class: "rm-plan-skill",
        "data-skill": block.id,
        "data-weeks": block.startWeek + "-" + block.endWeek,
        "data-start": isoDate(block.start),
        "data-end": isoDate(block.end),
      }, [
        element("td", { text: weeksLabel(block) }),
        element("td", { text: showDate(block.start) + " – " + showDate(block.end) }),
        element("td", {}, [element("a", { href: pageUrl(block.skill.url), text: block.skill.name })].concat(
          skillNote(block) ? [element("br"), element("small", { class: "rm-plan-note", text: skillNote(block) })] : [])),
        element("td", { text: block.level ? capitalise(own(LEVEL_NAMES, block.level) || block.level) : "—" }),
        element("td", { text: showHours(block.hours) }),
      ]));
      (byBlock[index] || []).forEach(function (entry) { rows.push(projectRow(entry, plan)); });
    });
    // No class on the table: Material styles only tables without one.
    return element("div", { class: "rm-plan-table-wrap rm-plan-weeks" }, [element("table", {}, [
      element("caption", { text: t("Your plan, week by week") }),
      element("thead", {}, [element("tr", {}, [t("Weeks"), t("Dates"), t("Skill or project"), t("Expected level"), t("Hours")].map(function (h) {
        return element("th", { scope: "col", text: h });
      }))]),
      element("tbody", {}, rows),
    ])]);
  }

  function summaryText(plan) {
    var tierName = plan.tier ? plan.tier.name : t("This tier");
    if (!plan.blocks.length) {
      return t("%(tier)s: every skill it expects is finished or marked as known, so there is nothing left to plan.", { tier: tierName });
    }
    // Each count's phrase first: Babel extracts no message nested in another call's arguments.
    var skills = tn("%(num)s skill", "%(num)s skills", plan.blocks.length);
    var weekly = tn("%(num)s hour", "%(num)s hours", plan.settings.hours);
    var weeks = tn("%(num)s week", "%(num)s weeks", plan.weeks);
    return t("%(tier)s: %(skills)s, about %(hours)s (%(low)s–%(high)s by the estimates' ranges). At %(weekly)s a week that is %(weeks)s, from %(start)s to %(end)s.", {
      tier: tierName,
      skills: skills,
      hours: showHours(Math.round(plan.hours)),
      low: NUMBER.format(Math.round(plan.low)),
      high: NUMBER.format(Math.round(plan.high)),
      weekly: weekly,
      weeks: weeks,
      start: showDate(plan.settings.start),
      end: showDate(plan.end),
    });
  }

  function renderPlan(out, plan) {
    out.textContent = "";
    var summary = element("p", { class: "rm-plan-summary", text: summaryText(plan) });
    summary.setAttribute("data-weeks", String(plan.weeks));
    summary.setAttribute("data-end", isoDate(plan.end));
    out.appendChild(summary);
    if (plan.blocks.length || plan.projects.length) out.appendChild(planTable(plan));
  }

  /** Every tier's plan at the same weekly hours, ticks and known skills: the totals side by side. */
  function renderTierTotals(out, settings, done) {
    out.textContent = "";
    var rows = DATA.tiers.map(function (tier) {
      var plan = computePlan({ tier: tier.id, hours: settings.hours, start: settings.start, known: settings.known }, done);
      return element("tr", { "data-tier": tier.id }, [
        element("td", {}, [element("a", { href: pageUrl(tier.url), text: tier.name })]),
        element("td", { text: String(plan.blocks.length) }),
        element("td", { text: showHours(Math.round(plan.hours)) }),
        element("td", { text: tn("%(num)s week", "%(num)s weeks", plan.weeks) }),
      ]);
    });
    var weeklyHours = tn("%(num)s hour", "%(num)s hours", settings.hours);
    out.appendChild(element("h2", { id: "every-tier", text: t("Every tier at %(hours)s a week", { hours: weeklyHours }) }));
    out.appendChild(element("div", { class: "rm-plan-table-wrap rm-plan-tier-totals" }, [element("table", {}, [
      element("caption", { text: t("What is left for each tier, with your ticks and known skills") }),
      element("thead", {}, [element("tr", {}, [t("Tier"), t("Skills left"), t("Hours"), t("Duration")].map(function (h) {
        return element("th", { scope: "col", text: h });
      }))]),
      element("tbody", {}, rows),
    ])]));
  }

  // -- calendar file (RFC 5545) ---------------------------------------------------------------------

  /** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  function utf8Length(char) {
    var code = char.codePointAt(0);
    return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }

  /** Lines longer than 75 octets folded with CRLF and a space, never inside a character (3.1). */
  function fold(line) {
    var parts = [];
    var current = "";
    var octets = 0;
    Array.from(line).forEach(function (char) {
      var size = utf8Length(char);
      if (octets + size > 75) {
        parts.push(current);
        current = " ";
        octets = 1;
      }
      current += char;
      octets += size;
    });
    parts.push(current);
    return parts.join("\r\n");
  }

  function icsDate(ms) {
    return isoDate(ms).replace(/-/g, "");
  }

  /** FNV-1a, 32 bits, as 8 hex digits: short stable ids (UIDs, the key-list check in links). */
  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return ("0000000" + hash.toString(16)).slice(-8);
  }

  /**
   * The plan as an iCalendar file: one all-day event per skill block. A UID depends on the tier,
   * the start date and the skill only, so importing again after changing the weekly hours or
   * ticking more moves the same events instead of adding copies.
   */
  function calendar(plan, stamp) {
    var tierName = plan.tier ? plan.tier.name : "";
    var planId = fnv1a(plan.settings.tier + "|" + isoDate(plan.settings.start));
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//ML Engineer Roadmap//Study plan//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + icsText("Study plan: " + tierName),
    ];
    plan.blocks.forEach(function (block) {
      lines.push(
        "BEGIN:VEVENT",
        "UID:plan-" + planId + "-" + block.id + "@" + ROOT.hostname,
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + icsDate(block.start),
        "DTEND;VALUE=DATE:" + icsDate(addDays(block.end, 1)), // DTEND is the day after the last
        "SUMMARY:" + icsText("Study: " + block.skill.name),
        "DESCRIPTION:" + icsText(weeksLabel(block) + " of your plan for " + tierName + ": about " + showHours(block.hours) +
          ". " + pageUrl(block.skill.url)),
        "URL:" + pageUrl(block.skill.url),
        "TRANSP:TRANSPARENT",
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function utcStamp(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  }

  function download(text, name) {
    var blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
    var link = element("a", { href: URL.createObjectURL(blob), download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  // -- share links: settings and ticks in the fragment ----------------------------------------------
  //
  // #plan=1&tier=ml-engineer&hours=10&start=2027-01-04&known=python.sql&ticks=<check>.<bits>
  // The ticks are a bitset over the sorted list of every checklist key plus the old keys of the
  // rename map (which only grows), in base64url; <check> is FNV-1a of that list, so the page can
  // tell which version of the data made the link. A link from before a rename is read against
  // the list as it was then (today's list without the renamed-to keys), then moved to today's keys.

  var universeCache = null;

  function currentUniverse() {
    if (universeCache) return universeCache;
    var keys = emptyMap();
    Object.keys(DATA.skills).forEach(function (id) { DATA.skills[id].keys.forEach(function (k) { keys[k] = true; }); });
    DATA.steps.concat(DATA.projects).forEach(function (item) { item.keys.forEach(function (k) { keys[k] = true; }); });
    var current = Object.keys(keys);
    DATA.renamed.forEach(function (old) { keys[old] = true; });
    universeCache = { keys: Object.keys(keys).sort(), current: current };
    return universeCache;
  }

  /** The key lists of this and earlier data versions that the rename map lets us rebuild. */
  function candidateUniverses() {
    var all = currentUniverse().keys;
    var olds = emptyMap();
    DATA.renamed.forEach(function (old) { olds[old] = true; });
    function without(renamedSince) {
      var added = emptyMap();
      renamedSince.forEach(function (old) {
        var target = own(DATA.renames, old);
        if (target && !olds[target]) added[target] = true;
      });
      return all.filter(function (key) { return !added[key]; });
    }
    var lists = [all];
    for (var i = DATA.renamed.length - 1; i >= 0; i--) lists.push(without(DATA.renamed.slice(i)));
    DATA.renamed.forEach(function (old) { lists.push(without([old])); });
    return lists;
  }

  function toBase64Url(bytes) {
    var binary = "";
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64Url(text) {
    var binary = window.atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = [];
    for (var i = 0; i < binary.length; i++) bytes.push(binary.charCodeAt(i));
    return bytes;
  }

  function encodeTicks(done) {
    var keys = currentUniverse().keys;
    var bytes = [];
    keys.forEach(function (key, i) {
      if (bytes.length <= i >> 3) bytes.push(0);
      if (done[key]) bytes[i >> 3] |= 1 << (i & 7);
    });
    while (bytes.length && bytes[bytes.length - 1] === 0) bytes.pop();
    return fnv1a(keys.join("\n")) + "." + toBase64Url(bytes);
  }

  /** The keys a link's ticks stand for, in today's names, or null when no known key list matches. */
  function decodeTicks(value) {
    var match = /^([0-9a-f]{8})\.([A-Za-z0-9_-]*)$/.exec(value);
    if (!match || match[2].length > MAX_LINK_BITS) return null;
    var bytes;
    try {
      bytes = fromBase64Url(match[2]);
    } catch (err) {
      return null;
    }
    var lists = candidateUniverses();
    for (var l = 0; l < lists.length; l++) {
      var keys = lists[l];
      if (fnv1a(keys.join("\n")) !== match[1] || bytes.length > Math.ceil(keys.length / 8)) continue;
      var current = emptyMap();
      currentUniverse().current.forEach(function (key) { current[key] = true; });
      var ticked = [];
      keys.forEach(function (key, i) {
        var target = PROGRESS.currentKey(key);
        if ((bytes[i >> 3] >> (i & 7)) & 1 && current[target] && ticked.indexOf(target) < 0) ticked.push(target);
      });
      return ticked;
    }
    return null;
  }

  function shareLink(settings, done) {
    var params = new URLSearchParams();
    params.set("plan", LINK_VERSION);
    params.set("tier", settings.tier);
    params.set("hours", String(settings.hours));
    params.set("start", isoDate(settings.start));
    var known = Object.keys(settings.known).sort();
    if (known.length) params.set("known", known.join("."));
    if (done) params.set("ticks", encodeTicks(done));
    return window.location.href.split("#")[0] + "#" + params.toString();
  }

  /** What a fragment asks for: {settings, ticks: keys | null | undefined, problem} or null (no plan link). */
  function readLink(hash, fallback) {
    if (!hash || hash.charAt(0) !== "#") return null;
    var params = new URLSearchParams(hash.slice(1));
    if (!params.has("plan")) return null;
    if (params.get("plan") !== LINK_VERSION) {
      return { settings: fallback, problem: "This link was made by a different version of the site (plan link format " +
        String(params.get("plan")).slice(0, 20) + "), so this page cannot read it; your own settings are shown." };
    }
    var settings = cleanSettings({
      tier: params.get("tier"),
      hours: params.get("hours"),
      start: params.get("start"),
      known: (params.get("known") || "").split("."),
    }, fallback);
    var result = { settings: settings };
    if (params.has("ticks")) {
      result.ticks = decodeTicks(params.get("ticks"));
      if (result.ticks === null) {
        result.problem = "The progress in this link comes from a version of the roadmap this page cannot match, so it " +
          "was left out; the plan uses your own progress.";
      }
    }
    return result;
  }

  // -- settings: the form, this browser's last choice, or a link ------------------------------------

  /** Whole hours a week in the allowed range, or null (the caller keeps what it had). */
  function cleanHours(value) {
    var hours = Math.round(Number(value));
    return Number.isFinite(hours) && hours >= MIN_HOURS && hours <= MAX_HOURS ? hours : null;
  }

  /** Settings from untrusted values (a link, storage, the form), each checked against the data. */
  function cleanSettings(raw, fallback) {
    var known = emptyMap();
    (Array.isArray(raw.known) ? raw.known : []).forEach(function (id) {
      if (typeof id === "string" && own(DATA.skills, id)) known[id] = true;
    });
    return {
      tier: findTier(raw.tier) ? raw.tier : fallback.tier,
      hours: cleanHours(raw.hours) || fallback.hours,
      start: parseDate(raw.start) || fallback.start,
      known: known,
    };
  }

  function storedSettings(defaults) {
    var raw;
    try {
      raw = JSON.parse(window.localStorage.getItem(SETTINGS_KEY));
    } catch (err) {
      raw = null;
    }
    if (!raw || typeof raw !== "object") return defaults;
    var settings = cleanSettings(raw, defaults);
    settings.start = defaults.start; // a plan starts today unless the reader or a link says otherwise
    return settings;
  }

  function storeSettings(settings) {
    try {
      window.localStorage.setItem(SETTINGS_KEY, JSON.stringify({
        tier: settings.tier, hours: settings.hours, known: Object.keys(settings.known),
      }));
    } catch (err) {
      // private mode or full storage: the plan still works, it is not remembered
    }
  }

  function writeForm(form, settings) {
    form.elements.tier.value = settings.tier;
    form.elements.hours.value = String(settings.hours);
    form.elements.start.value = isoDate(settings.start);
    Array.prototype.forEach.call(form.querySelectorAll('input[name="known"]'), function (box) {
      box.checked = Boolean(settings.known[box.value]);
    });
  }

  function readForm(form, fallback) {
    var known = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[name="known"]:checked'), function (box) { known.push(box.value); });
    return cleanSettings({ tier: form.elements.tier.value, hours: form.elements.hours.value, start: form.elements.start.value, known: known }, fallback);
  }

  // -- wiring -----------------------------------------------------------------------------------------

  var stopListening = null;

  function setup(root) {
    if (stopListening) {
      stopListening();
      stopListening = null;
    }
    if (!root || root.getAttribute("data-ready") || !DATA || !PROGRESS) return;
    root.setAttribute("data-ready", "1");
    var form = root.querySelector(".rm-plan-form");
    var out = root.querySelector(".rm-plan-result");
    var actions = root.querySelector(".rm-plan-actions");
    var incomingBox = root.querySelector(".rm-plan-incoming");
    var includeTicks = root.querySelector(".rm-plan-include-ticks");
    var linkField = root.querySelector(".rm-plan-link");
    var message = root.querySelector(".rm-plan-message");
    var hours = cleanHours(form.elements.hours.defaultValue) || 10; // the template's default (HOURS_PER_WEEK)
    var first = { tier: DATA.tiers.length ? DATA.tiers[0].id : "", hours: hours, start: today() };
    var defaults = cleanSettings({ tier: root.getAttribute("data-default-tier"), hours: hours, start: "" }, first);
    var state = { settings: storedSettings(defaults), incoming: null, plan: null };

    function ticks() {
      if (!state.incoming) return PROGRESS.done();
      var done = emptyMap();
      state.incoming.forEach(function (key) { done[key] = true; });
      return done;
    }

    function update() {
      var done = ticks();
      state.plan = computePlan(state.settings, done);
      renderPlan(out, state.plan);
      renderTierTotals(root.querySelector(".rm-plan-tiers"), state.settings, done);
      linkField.value = shareLink(state.settings, includeTicks.checked ? done : null);
    }

    function showIncoming(text, buttons) {
      incomingBox.textContent = "";
      incomingBox.appendChild(element("p", { text: text }));
      if (buttons) incomingBox.appendChild(element("p", {}, buttons));
      incomingBox.hidden = false;
    }

    function settingsOnlyHash() {
      var link = shareLink(state.settings, null);
      window.history.replaceState(window.history.state, "", link.slice(link.indexOf("#")));
    }

    function applyLink() {
      var link = readLink(window.location.hash, state.settings);
      if (!link) return;
      state.settings = link.settings;
      state.incoming = null;
      incomingBox.hidden = true;
      writeForm(form, state.settings);
      if (link.problem) showIncoming(link.problem);
      if (link.ticks && link.ticks.length) {
        state.incoming = link.ticks;
        var merge = element("button", { type: "button", class: "md-button md-button--primary rm-plan-merge", text: t("Add them to my progress") });
        var ignore = element("button", { type: "button", class: "md-button rm-plan-ignore", text: t("Keep only my own progress") });
        showIncoming(tn("This link carries %(num)s ticked item from the person who shared it. The plan below counts it. Your own ticks in this browser are unchanged unless you add it to them.",
          "This link carries %(num)s ticked items from the person who shared it. The plan below counts them. Your own ticks in this browser are unchanged unless you add these to them.", link.ticks.length), [merge, " ", ignore]);
        merge.addEventListener("click", function () {
          var added = PROGRESS.merge(state.incoming);
          state.incoming = null;
          showIncoming(tn("Added %(num)s ticked item to your progress in this browser.", "Added %(num)s ticked items to your progress in this browser.", added));
          settingsOnlyHash();
          update();
        });
        ignore.addEventListener("click", function () {
          state.incoming = null;
          showIncoming(t("Left your progress as it was; the plan now uses your own ticks."));
          settingsOnlyHash();
          update();
        });
      }
    }

    writeForm(form, state.settings);
    applyLink();
    form.addEventListener("input", function () {
      state.settings = readForm(form, state.settings);
      storeSettings(state.settings);
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    includeTicks.addEventListener("change", update);
    root.querySelector(".rm-plan-ics").addEventListener("click", function () {
      download(calendar(state.plan, utcStamp(new Date())), "study-plan-" + state.settings.tier + "-" + isoDate(state.settings.start) + ".ics");
      message.textContent = tn("Saved %(num)s event to a calendar file in your downloads.", "Saved %(num)s events to a calendar file in your downloads.", state.plan.blocks.length);
    });
    root.querySelector(".rm-plan-share").addEventListener("click", function () {
      linkField.select();
      var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(linkField.value) : Promise.reject(new Error("no clipboard"));
      copied.then(function () {
        message.textContent = includeTicks.checked ? t("Link copied. It holds the plan and your ticks in the part after #, which is never sent to a server.")
          : t("Link copied. It holds the plan in the part after #, which is never sent to a server.");
      }, function () {
        message.textContent = t("The link is selected in the box above: copy it from there.");
      });
    });
    window.addEventListener("hashchange", onHashChange);
    function onHashChange() {
      if (!document.body.contains(root)) {
        window.removeEventListener("hashchange", onHashChange);
        return;
      }
      applyLink();
      update();
    }
    var stopProgress = PROGRESS.onChange(update);
    stopListening = function () {
      stopProgress();
      window.removeEventListener("hashchange", onHashChange);
    };
    form.hidden = false;
    actions.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".rm-plan-fallback"), function (node) { node.hidden = true; });
    update();
  }

  function init() {
    var root = document.querySelector(".rm-plan");
    if (!root && !stopListening) return;
    setup(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

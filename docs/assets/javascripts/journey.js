/*
 * The learner's journey: where to start, where you left off, and the path map as a dashboard.
 *
 * - The map (macros/site/path_map.py): each skill node's fill grows with the share of its
 *   objectives ticked, its accessible name says the same in words ("Python — 3 of 6 objectives
 *   done"), and once anything is ticked the first unfinished skill in path order is marked
 *   "you are here" (aria-current="step").
 * - The home page's start card (docs/index.md) names step 1's first skill and its start-here
 *   resource; once anything is ticked a continue card replaces it, linking to the next unticked
 *   objective of the skill last worked on. The header's compact link does the same on every page.
 * - Objectives get an anchor (#check-<id>) so the continue link can land on one.
 *
 * Ticks are read through window.RoadmapProgress (progress.js, loaded first), whose onChange
 * fires after every tick, import, reset and page load; setup runs in Material's document$ stream,
 * so it survives instant navigation. Every text from the data is set with textContent.
 */
(function () {
  "use strict";

  var DATA = window.RoadmapData || { skills: {}, steps: [] };
  var PROGRESS = window.RoadmapProgress;
  // The DOM builder progress.js uses (text only through textContent): one copy for every script.
  var element = PROGRESS && PROGRESS.element;
  var SCRIPT = document.currentScript;
  // This file is assets/javascripts/journey.js, so the site root is two levels up.
  var ROOT = new URL("../../", SCRIPT && SCRIPT.src ? SCRIPT.src : window.location.href);
  var SVG_NS = "http://www.w3.org/2000/svg";
  var SKILL_KEY = /^skills\/([a-z0-9-]+)\/([a-z0-9-]+)$/;
  if (!PROGRESS) return; // progress.js did not load: the map and the start card stay as built
  // Interface text in the page's language, English when untranslated (progress.js's catalog lookup).
  var t = PROGRESS.t;

  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function pageUrl(path) {
    return new URL(path, ROOT).href;
  }

  /** Only http(s) leaves as a link, whatever the data says (the validator already insists). */
  function safeExternal(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  // -- the path's skills in order ---------------------------------------------------------------

  var pathOrderCache = null;

  /** Skill ids as the map shows them: by step, each skill under the first step that lists it, in learning order. */
  function pathOrder() {
    if (pathOrderCache) return pathOrderCache;
    var rank = Object.create(null);
    (DATA.learning_order || []).forEach(function (id, index) { rank[id] = index; });
    var seen = Object.create(null);
    var order = [];
    (DATA.steps || []).slice().sort(function (a, b) { return a.order - b.order; }).forEach(function (step) {
      var fresh = step.skills.filter(function (id) {
        if (seen[id] || !own(DATA.skills, id)) return false;
        seen[id] = true;
        return true;
      });
      fresh.sort(function (a, b) { return (a in rank ? rank[a] : 1e9) - (b in rank ? rank[b] : 1e9); });
      order = order.concat(fresh);
    });
    pathOrderCache = order;
    return order;
  }

  function unfinished(id) {
    var count = PROGRESS.skillProgress(id);
    return count.total > 0 && count.done < count.total;
  }

  /** The first unfinished skill in `ids`, required skills before optional ones. */
  function firstUnfinished(ids) {
    var required = ids.filter(function (id) { return !own(DATA.skills, id).optional && unfinished(id); });
    if (required.length) return required[0];
    var any = ids.filter(unfinished);
    return any.length ? any[0] : null;
  }

  /** The skill of the latest tick on a skill objective, or null. */
  function lastWorkedOn(done) {
    var latest = null;
    var latestAt = "";
    Object.keys(done).forEach(function (key) {
      var match = SKILL_KEY.exec(key);
      if (!match || !own(DATA.skills, match[1])) return;
      var at = typeof done[key] === "string" ? done[key] : "";
      if (latest === null || at >= latestAt) {
        latest = match[1];
        latestAt = at;
      }
    });
    return latest;
  }

  /**
   * Where a returning reader goes on: the skill last worked on while it is unfinished, then the
   * first unfinished skill after it in path order, then any. Null for a reader who ticked nothing;
   * {skill: null} when every skill is done.
   */
  function continueTarget(done) {
    if (!Object.keys(done).length) return null;
    var order = pathOrder();
    var last = lastWorkedOn(done);
    var skill = null;
    if (last && unfinished(last)) skill = last;
    else if (last) skill = firstUnfinished(order.slice(order.indexOf(last) + 1));
    if (!skill) skill = firstUnfinished(order);
    if (!skill) return { skill: null };
    var count = PROGRESS.skillProgress(skill);
    return { skill: skill, done: count.done, total: count.total, nextKey: count.nextKey };
  }

  /** The anchor of a checklist item on its page: #check-<item id>. */
  function anchorOf(key) {
    var match = SKILL_KEY.exec(key || "");
    return match ? "check-" + match[2] : "";
  }

  function continueHref(target) {
    var skill = own(DATA.skills, target.skill);
    var anchor = anchorOf(target.nextKey);
    return pageUrl(skill.url) + (anchor ? "#" + anchor : "");
  }

  function continueText(target) {
    return t("Continue: %(skill)s — %(done)s of %(total)s done", { skill: own(DATA.skills, target.skill).name, done: target.done, total: target.total });
  }

  // -- the map ----------------------------------------------------------------------------------

  function baseLabel(node) {
    if (!node.hasAttribute("data-label")) node.setAttribute("data-label", node.getAttribute("aria-label") || "");
    return node.getAttribute("data-label");
  }

  function setPointer(node, on) {
    var old = node.querySelector(".rm-map-pointer");
    if (old) old.parentNode.removeChild(old);
    if (!on) return;
    var chip = node.querySelector(".rm-map-chip");
    var x = parseFloat(chip.getAttribute("x")) + 14;
    var y = parseFloat(chip.getAttribute("y"));
    var pointer = document.createElementNS(SVG_NS, "polygon");
    pointer.setAttribute("class", "rm-map-pointer");
    pointer.setAttribute("aria-hidden", "true");
    pointer.setAttribute("points", (x - 6) + "," + (y - 10) + " " + (x + 6) + "," + (y - 10) + " " + x + "," + (y - 2));
    node.appendChild(pointer);
  }

  function updateMap(root, done) {
    Array.prototype.forEach.call(root.querySelectorAll(".rm-map"), function (figure) {
      var nodes = Array.prototype.slice.call(figure.querySelectorAll("a.rm-map-skill[data-skill]"));
      if (!nodes.length) return;
      var ids = [];
      nodes.forEach(function (node) {
        var id = node.getAttribute("data-skill");
        if (ids.indexOf(id) < 0 && own(DATA.skills, id)) ids.push(id);
      });
      var here = Object.keys(done).length ? firstUnfinished(ids) : null;
      nodes.forEach(function (node) {
        var id = node.getAttribute("data-skill");
        if (!own(DATA.skills, id)) return;
        var count = PROGRESS.skillProgress(id);
        var share = count.total ? count.done / count.total : 0;
        var chip = node.querySelector(".rm-map-chip");
        var fill = node.querySelector(".rm-map-fill");
        if (chip && fill) fill.setAttribute("width", (share * parseFloat(chip.getAttribute("width"))).toFixed(1));
        node.classList.toggle("rm-map-started", count.done > 0 && count.done < count.total);
        node.classList.toggle("rm-map-done", count.total > 0 && count.done === count.total);
        var isHere = id === here;
        node.classList.toggle("rm-map-here", isHere);
        if (isHere) node.setAttribute("aria-current", "step");
        else node.removeAttribute("aria-current");
        setPointer(node, isHere);
        node.setAttribute("aria-label", baseLabel(node) + " — " +
          (isHere ? t("%(done)s of %(total)s objectives done, you are here", { done: count.done, total: count.total })
            : t("%(done)s of %(total)s objectives done", { done: count.done, total: count.total })));
      });
      figure.classList.add("rm-map-live");
      Array.prototype.forEach.call(figure.querySelectorAll(".rm-map-key-live"), function (item) { item.hidden = false; });
    });
  }

  // -- start and continue -----------------------------------------------------------------------

  /** Step 1's first skill and its start-here resource, in the start card. */
  function fillFirstSkill(slot) {
    if (slot.getAttribute("data-ready")) return;
    var first = null;
    var steps = (DATA.steps || []).slice().sort(function (a, b) { return a.order - b.order; });
    if (steps.length) {
      var order = pathOrder();
      first = order.filter(function (id) { return steps[0].skills.indexOf(id) >= 0; })[0] || null;
    }
    if (!first) return;
    slot.setAttribute("data-ready", "1");
    var skill = own(DATA.skills, first);
    var bits = [" " + t("Its first skill is") + " ", element("a", { href: pageUrl(skill.url), text: skill.name })];
    var start = skill.start && safeExternal(skill.start.url);
    if (start) bits.push(": " + t("begin with") + " ", element("a", { href: start, text: skill.start.title }), ".");
    else bits.push(": " + t("its page opens with the resource to start with."));
    bits.forEach(function (bit) { slot.appendChild(typeof bit === "string" ? document.createTextNode(bit) : bit); });
  }

  function renderContinue(box, target) {
    box.textContent = "";
    if (target.skill === null) {
      box.appendChild(element("p", { class: "rm-journey-kicker", text: t("Every skill on the path is ticked off.") }));
      box.appendChild(element("p", {}, [element("a", { class: "md-button md-button--primary", href: pageUrl("progress/"), text: t("See your progress") })]));
      return;
    }
    box.appendChild(element("p", { class: "rm-journey-kicker", text: t("Welcome back. Pick up where you left off:") }));
    box.appendChild(element("p", {}, [element("a", { class: "md-button md-button--primary rm-journey-next", href: continueHref(target), text: continueText(target) })]));
    box.appendChild(element("p", {}, [
      element("a", { href: pageUrl("progress/"), text: t("See all your progress") }),
      " " + t("or go back to") + " ",
      element("a", { href: pageUrl("role/"), text: t("the start") }),
      ".",
    ]));
  }

  function updateJourney(root, done) {
    var target = continueTarget(done);
    Array.prototype.forEach.call(root.querySelectorAll(".rm-journey"), function (card) {
      var start = card.querySelector(".rm-journey-start");
      var resume = card.querySelector(".rm-journey-continue");
      var slot = card.querySelector(".rm-journey-first");
      if (slot) fillFirstSkill(slot);
      if (!start || !resume) return;
      start.hidden = Boolean(target);
      resume.hidden = !target;
      if (target) renderContinue(resume, target);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".rm-header-continue"), function (link) {
      if (!link.hasAttribute("data-start")) link.setAttribute("data-start", link.getAttribute("href"));
      var label = link.querySelector(".rm-header-continue-text") || link;
      if (target && target.skill) {
        link.href = continueHref(target);
        label.textContent = t("Continue: %(skill)s", { skill: own(DATA.skills, target.skill).name });
        link.setAttribute("aria-label", continueText(target));
      } else {
        link.href = target ? pageUrl("progress/") : link.getAttribute("data-start");
        label.textContent = target ? t("Your progress") : t("Start here");
        link.removeAttribute("aria-label");
      }
    });
  }

  // -- objective anchors ------------------------------------------------------------------------

  function anchorObjectives(root) {
    var target = null;
    Array.prototype.forEach.call(root.querySelectorAll('.rm-check[data-check-id^="skills/"]'), function (marker) {
      var item = marker.closest("li");
      var anchor = anchorOf(marker.getAttribute("data-check-id"));
      if (!item || !anchor) return;
      if (!item.id && !document.getElementById(anchor)) item.id = anchor;
      if (window.location.hash === "#" + anchor) target = item;
    });
    if (target) {
      target.classList.add("rm-check-target");
      target.scrollIntoView({ block: "center" });
    }
  }

  // -- entry point ------------------------------------------------------------------------------

  function update() {
    var done = PROGRESS.done();
    updateMap(document, done);
    updateJourney(document, done);
  }

  PROGRESS.onChange(update);

  function init() {
    anchorObjectives(document);
    update();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

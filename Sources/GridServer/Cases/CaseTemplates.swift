extension PageTemplates {
    /// The staff pages of cases: command centre, case detail with its actions, the grid worker's
    /// phone pages, and the position and photo fields that report forms share.
    static let cases = ["center": center, "case": caseDetail, "m": worker, "m_report": workerReport,
                        "locator": locator, "photo_field": photoField, "case_rows": caseRows]

    /// Position: the phone's geolocation, a tap on the map, or typed coordinates (works without script).
    static let locator = """
        <fieldset style="border:1px solid var(--line);border-radius:6px;margin-top:.8rem">
          <legend>{{t.position}}</legend>
          {{#locate_map}}<p class="muted" style="margin:.2rem 0">{{t.map_pick}}</p>{{{locate_map}}}{{/locate_map}}
          <button type="button" class="secondary" id="locate-me" hidden data-waiting="{{t.locating}}" data-done="{{t.located}}" data-failed="{{t.locate_failed}}">{{t.locate_me}}</button>
          <span id="locate-status" role="status" class="muted" data-picked="{{t.picked}}"></span>
          <div style="display:flex;gap:.5rem;margin-top:.4rem">
            <input type="text" id="lat" name="lat" inputmode="decimal" placeholder="{{t.latitude}}" value="{{lat}}" aria-label="{{t.latitude}}">
            <input type="text" id="lng" name="lng" inputmode="decimal" placeholder="{{t.longitude}}" value="{{lng}}" aria-label="{{t.longitude}}">
          </div>
        </fieldset>
        """

    static let photoField = """
        <label for="photo">{{t.photo}}</label>
        <input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp,image/heic" capture="environment" multiple>
        <p class="muted" style="margin:.2rem 0">{{t.photo_hint}}</p>
        """

    static let caseRows = """
        <div class="table-wrap"><table class="queue"><thead><tr><th>{{t.col_number}}</th><th>{{t.col_category}}</th><th class="wide">{{t.col_place}}</th>
        <th>{{t.col_state}}</th><th class="wide">{{t.col_reported}}</th><th>{{t.col_due}}</th></tr></thead>
        <tbody>{{#rows}}<tr><td><a href="{{href}}">{{number}}</a></td><td>{{category_name}}<div class="muted">{{summary}}</div></td>
        <td class="wide">{{place}}</td><td>{{state_name}}{{#supervised}} <span class="badge s-red">{{t.supervised}}</span>{{/supervised}}{{#location_pending}} <span class="badge s-yellow">{{t.location_pending}}</span>{{/location_pending}}</td>
        <td class="wide">{{reported}}</td><td>{{due}} {{#status_name}}<span class="badge {{status_class}}">{{status_name}}</span>{{/status_name}}</td></tr>{{/rows}}</tbody></table></div>
        {{^rows}}<p class="muted">{{t.no_cases}}</p>{{/rows}}
        """

    static let center = """
        {{#up}}<p class="crumbs"><a href="{{up}}">↑ {{t.drill_up}}</a></p>{{/up}}
        <h1>{{place}} · {{heading}}</h1>
        <div class="kpis">
          <div class="kpi">{{t.kpi_open}}<b id="kpi-open">{{open}}</b></div>
          <div class="kpi">{{t.kpi_warned}}<b id="kpi-warned">{{warned}}</b></div>
          <div class="kpi">{{t.kpi_overdue}}<b id="kpi-overdue">{{overdue}}</b></div>
          <div class="kpi">{{t.kpi_closed}}<b id="kpi-closed">{{closed}}</b></div>
          <div class="kpi">{{t.kpi_within_grid}}<b>{{within_grid}}</b></div>
          <div class="kpi">{{t.kpi_within_township}}<b>{{within_township}}</b></div>
        </div>
        <div class="grid2">
          {{#map}}<section class="card" aria-labelledby="map-title"><h2 id="map-title">{{t.map}}</h2>{{{map}}}
            <p class="legend"><span><i style="background:#e3e9ef"></i>{{t.legend_none}}</span><span><i style="background:#9cc3e8"></i>{{t.legend_open}}</span>
            <span><i style="background:#f6d365"></i>{{t.legend_warned}}</span><span><i style="background:#e57368"></i>{{t.legend_overdue}}</span></p></section>{{/map}}
          <section class="card" aria-labelledby="live-title"><h2 id="live-title">{{t.live_feed}}</h2>
            <p id="live-empty" class="muted">{{t.live_empty}}</p><ul class="feed" id="live-feed" aria-live="polite" data-states="{{states_json}}"></ul></section>
        </div>
        <section class="card" aria-labelledby="queue-title">
          <h2 id="queue-title">{{queue_title}}</h2>
          <form method="get" action="/center" class="filters">
            {{#region}}<input type="hidden" name="region" value="{{region}}">{{/region}}
            <div><label for="f-state">{{t.filter_state}}</label><select id="f-state" name="state">
              {{#state_options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/state_options}}</select></div>
            <div><label for="f-category">{{t.filter_category}}</label><select id="f-category" name="category"><option value="">{{t.all}}</option>
              {{#groups}}<optgroup label="{{name}}">{{#items}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/items}}</optgroup>{{/groups}}</select></div>
            <div><label for="f-q">{{t.filter_text}}</label><input type="search" id="f-q" name="q" value="{{q}}"></div>
            <div><label><input type="checkbox" name="overdue" value="true"{{#overdue}} checked{{/overdue}}> {{t.filter_overdue}}</label></div>
            <div><button class="primary" style="margin-top:0" type="submit">{{t.filter_apply}}</button></div>
          </form>
          {{> case_rows}}
          {{#next}}<p><a href="{{next}}" id="next-page">{{t.next_page}} →</a></p>{{/next}}
        </section>
        """

    static let caseDetail = """
        <p class="crumbs"><a href="{{back}}">← {{t.back}}</a></p>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert" id="action-error">{{error}}</p>{{/error}}
        <h1>{{number}} <span class="badge" id="case-state">{{state_name}}</span>
          {{#status_name}}<span class="badge {{status_class}}">{{status_name}}</span>{{/status_name}}
          {{#supervised}}<span class="badge s-red">{{t.supervised}}</span>{{/supervised}}
          {{#location_pending}}<span class="badge s-yellow" id="case-location-pending">{{t.location_pending}}</span>{{/location_pending}}</h1>
        <div class="grid2">
          <div>
            <section class="card" aria-labelledby="facts-title"><h2 id="facts-title">{{t.case_facts}}</h2>
              <p id="case-description">{{description}}</p>
              <dl class="facts">
                <dt>{{t.f_category}}</dt><dd>{{category_name}}</dd>
                <dt>{{t.f_place}}</dt><dd>{{place}}</dd>
                {{#address}}<dt>{{t.f_address}}</dt><dd>{{address}}</dd>{{/address}}
                <dt>{{t.f_channel}}</dt><dd>{{channel_name}}</dd>
                <dt>{{t.f_reported}}</dt><dd>{{reported}}</dd>
                {{#unit_name}}<dt>{{t.f_unit}}</dt><dd id="case-unit">{{unit_name}}</dd>{{/unit_name}}
                {{#co_handlers}}<dt>{{t.f_co_handlers}}</dt><dd>{{co_handlers}}</dd>{{/co_handlers}}
                {{#step_name}}<dt>{{t.f_step}}</dt><dd>{{step_name}}</dd>{{/step_name}}
                {{#due}}<dt>{{t.f_due}}</dt><dd>{{due}}</dd>{{/due}}
                {{#duplicates}}<dt>{{t.f_duplicates}}</dt><dd>{{duplicates}}</dd>{{/duplicates}}
              </dl>
            </section>
            <section class="card" aria-labelledby="photos-title"><h2 id="photos-title">{{t.photos}}</h2>
              <div class="photos">{{#photos}}<a href="{{url}}"><img src="{{url}}" alt="{{t.photo}} {{at}}" loading="lazy"></a>{{/photos}}</div>
              {{^photos}}<p class="muted">{{t.no_photos}}</p>{{/photos}}
            </section>
            <section class="card" aria-labelledby="history-title"><h2 id="history-title">{{t.timeline}}</h2>
              <ol class="timeline">{{#history}}<li><span class="muted">{{at}}</span> <b>{{action_name}}</b> · {{actor}}{{#note}}：{{note}}{{/note}}</li>{{/history}}</ol>
            </section>
          </div>
          <div>
            <section class="card" id="actions" aria-labelledby="actions-title"><h2 id="actions-title">{{t.actions}}</h2>
              {{^actions}}<p class="muted">{{t.no_actions}}</p>{{/actions}}
              {{#actions}}
              <form class="action" method="post" action="/cases/{{number}}/act" enctype="multipart/form-data" data-action="{{action}}">
                <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="{{action}}">
                {{#unit_choice}}<label for="unit-{{action}}">{{t.unit}}</label><select id="unit-{{action}}" name="unit">
                  {{#options}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/options}}</select>{{/unit_choice}}
                {{#department_choice}}<fieldset><legend>{{t.departments}}</legend>
                  {{#options}}<label style="font-weight:400"><input type="checkbox" name="departments" value="{{code}}"> {{name}}</label>{{/options}}</fieldset>{{/department_choice}}
                {{#duplicate_choice}}<label for="dup-{{action}}">{{t.duplicate_of}}</label><select id="dup-{{action}}" name="duplicate_of">
                  {{#options}}<option value="{{.}}">{{.}}</option>{{/options}}</select>{{/duplicate_choice}}
                {{#asks_duplicate}}<label for="dup-{{action}}">{{t.duplicate_of}}</label><input type="text" id="dup-{{action}}" name="duplicate_of" placeholder="330106-20261122-0001">{{/asks_duplicate}}
                {{#asks_position}}<p class="muted">{{t.locate_hint}}</p>{{> locator}}{{/asks_position}}
                {{#asks_hours}}<label for="hours-{{action}}">{{t.hours}}</label><input type="number" id="hours-{{action}}" name="hours" min="1" max="720" step="1" value="8">{{/asks_hours}}
                {{#asks_rating}}<fieldset><legend>{{t.rate_result}}</legend>
                  <label style="font-weight:400"><input type="radio" name="rating" value="satisfied" required> {{t.rating_satisfied}}</label>
                  <label style="font-weight:400"><input type="radio" name="rating" value="basically_satisfied"> {{t.rating_basically_satisfied}}</label>
                  <label style="font-weight:400"><input type="radio" name="rating" value="unsatisfied"> {{t.rating_unsatisfied}}</label></fieldset>{{/asks_rating}}
                {{#asks_note}}{{#note_required}}<label for="note-{{action}}">{{t.note_required}}</label>
                  <textarea id="note-{{action}}" name="note" rows="2">{{typed_note}}</textarea>{{/note_required}}
                  {{^note_required}}<label for="note-{{action}}" class="muted" style="font-weight:400">{{t.note}}</label>
                  <input type="text" id="note-{{action}}" name="note" value="{{typed_note}}">{{/note_required}}{{/asks_note}}
                {{#asks_photo}}<label for="photo-{{action}}">{{t.photo}}</label>
                  <input type="file" id="photo-{{action}}" name="photo" accept="image/jpeg,image/png,image/webp,image/heic" capture="environment" multiple>{{/asks_photo}}
                <button class="{{#secondary}}secondary{{/secondary}}{{^secondary}}primary{{/secondary}}" type="submit" style="margin-top:.6rem">{{label}}</button>
              </form>
              {{/actions}}
            </section>
            <section class="card" aria-labelledby="where-title"><h2 id="where-title">{{t.position}}</h2>
              {{#map}}{{{map}}}{{/map}}{{^map}}<p class="muted">{{t.no_map}}</p>{{/map}}
              {{#lat}}<p class="muted">{{lat}}, {{lng}}</p>{{/lat}}
            </section>
          </div>
        </div>
        """

    static let worker = """
        {{#reported}}<p class="notice" role="status" id="notice">{{t.reported_notice}} <a href="/cases/{{reported}}">{{reported}}</a></p>{{/reported}}
        <h1>{{place}} · {{t.m_title}}</h1>
        <a class="button big" href="/m/report" id="report-case">＋ {{t.report_case}}</a>
        <h2>{{t.my_tasks}} ({{task_count}})</h2>
        <ul class="tasks" id="tasks">{{#tasks}}<li><a href="{{href}}">{{number}}</a> <span class="badge">{{state_name}}</span>
          {{#status_name}}<span class="badge {{status_class}}">{{status_name}}</span>{{/status_name}}
          <div>{{category_name}} · {{place}}</div><div class="muted">{{summary}}</div>
          <div>{{#due}}{{t.col_due}} {{due}} · {{/due}}<b>{{todo}}</b></div></li>{{/tasks}}</ul>
        {{^tasks}}<p class="muted">{{t.no_tasks}}</p>{{/tasks}}
        <h2>{{t.grid_open}} ({{open_count}})</h2>
        <ul class="tasks">{{#open}}<li><a href="{{href}}">{{number}}</a> <span class="badge">{{state_name}}</span>
          {{#status_name}}<span class="badge {{status_class}}">{{status_name}}</span>{{/status_name}}
          <div>{{category_name}}{{#unit_name}} · {{unit_name}}{{/unit_name}}</div><div class="muted">{{summary}}</div></li>{{/open}}</ul>
        {{^open}}<p class="muted">{{t.no_cases}}</p>{{/open}}
        """

    static let workerReport = """
        <div class="card" style="max-width:640px;margin:0 auto">
        <h1>{{t.report_patrol_title}}</h1>
        {{#error}}<p class="error" role="alert" id="report-error">{{error}}</p>{{/error}}
        <form method="post" action="/m/report" enctype="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <label for="category">{{t.category}}</label>
          <select id="category" name="category" required>
            {{#groups}}<optgroup label="{{name}}">{{#items}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/items}}</optgroup>{{/groups}}
          </select>
          {{> photo_field}}
          {{> locator}}
          <label for="description">{{t.description}}</label>
          <textarea id="description" name="description" rows="3" required>{{description}}</textarea>
          <button class="primary" type="submit" style="width:100%">{{t.submit_report}}</button>
        </form>
        </div>
        """
}

extension PageTemplates {
    /// 节假日与调休: a card a year with its runs of days off and its weekend working days.
    static let adminCalendar = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.calendar_title}}</h1>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        <p class="muted">{{t.calendar_intro}} {{t.working_hours}}: {{periods}}</p>
        <div class="grid2">
        {{#years}}
        <section class="card" aria-labelledby="year-{{year}}" id="calendar-{{year}}">
          <h2 id="year-{{year}}">{{year}}</h2>
          <h3>{{t.holidays}}</h3>
          <ul class="children">{{#holidays}}<li>{{from}}{{#to}} – {{to}}{{/to}} <span class="muted">{{days}} {{t.days}}</span></li>{{/holidays}}</ul>
          {{^holidays}}<p class="muted">{{t.none_yet}}</p>{{/holidays}}
          <h3>{{t.adjusted_workdays}}</h3>
          <ul class="children">{{#workdays}}<li>{{.}}</li>{{/workdays}}</ul>
          {{^workdays}}<p class="muted">{{t.no_adjusted_workdays}}</p>{{/workdays}}
        </section>
        {{/years}}
        </div>
        <section class="card" aria-labelledby="override-title" style="max-width:640px">
          <h2 id="override-title">{{t.calendar_change}}</h2>
          <p class="muted">{{t.calendar_change_hint}}</p>
          {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
          {{#editable}}
          <form method="post" action="/admin/calendar" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="day">{{t.field_day}}</label>
            <input type="text" id="day" name="day" placeholder="2027-02-06" value="{{typed_day}}" inputmode="numeric"{{#day_invalid}} aria-invalid="true" aria-describedby="form-error"{{/day_invalid}}>
            <label for="kind">{{t.field_kind}}</label>
            <select id="kind" name="kind">{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/kinds}}</select>
            <label for="note">{{t.field_note}}</label>
            <input type="text" id="note" name="note" value="{{typed_note}}" placeholder="{{t.calendar_note_example}}">
            <button class="primary" type="submit" id="save-day">{{t.save}}</button>
          </form>
          {{/editable}}
          {{^editable}}<p class="muted">{{t.calendar_territory_only}}</p>{{/editable}}
          <h3>{{t.calendar_overrides}}</h3>
          <ul class="children" id="overrides">{{#overrides}}<li>{{day}} · {{kind}}{{#note}} · {{note}}{{/note}}</li>{{/overrides}}</ul>
          {{^overrides}}<p class="muted">{{t.none_yet}}</p>{{/overrides}}
        </section>
        """
}

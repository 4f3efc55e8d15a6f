extension PageTemplates {
    /// 节假日与调休: a card a year with its runs of days off and its weekend working days.
    static let adminCalendar = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.calendar_title}}</h1>
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
        <p class="muted">{{t.calendar_read_only}}</p>
        """
}

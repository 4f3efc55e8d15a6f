extension PageTemplates {
    /// 区域与网格管理: the boundary upload and the divisions import, each with its result. Forms marked
    /// `data-progress` show their upload in the `<progress>` inside them (`admin-upload.js`).
    static let adminRegions = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.regions_admin_title}}</h1>
        <div class="grid2">
        <section class="card" aria-labelledby="boundary-title">
          <h2 id="boundary-title">{{t.boundary_title}}</h2>
          <p class="muted">{{t.boundary_intro}}</p>
          {{#boundary_error}}<p class="error" role="alert" id="boundary-error">{{boundary_error}}</p>{{/boundary_error}}
          {{#saved}}<div class="notice" role="status" id="boundary-saved"><p>{{t.boundary_saved}}: <a href="/regions/{{code}}">{{name}}</a> {{code}} · {{level_name}}</p>{{{map}}}</div>{{/saved}}
          <form method="post" action="/admin/regions/boundary" enctype="multipart/form-data" novalidate data-progress
                data-uploading="{{t.uploading}}" data-working="{{t.saving}}" data-failed="{{t.upload_failed}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div class="form-row">
              <div><label for="code">{{t.field_code}}</label>
              <input type="text" id="code" name="code" value="{{code}}" inputmode="numeric" required{{#invalid.code}} aria-invalid="true" aria-describedby="boundary-error"{{/invalid.code}}></div>
              <div><label for="name">{{t.field_name}}</label>
              <input type="text" id="name" name="name" value="{{name}}"{{#invalid.name}} aria-invalid="true" aria-describedby="boundary-error"{{/invalid.name}}></div>
              <div><label for="parent_code">{{t.field_parent_code}}</label>
              <input type="text" id="parent_code" name="parent_code" value="{{parent_code}}" inputmode="numeric"{{#invalid.parent_code}} aria-invalid="true" aria-describedby="boundary-error"{{/invalid.parent_code}}></div>
              <div><label for="datum">{{t.field_datum}}</label>
              <select id="datum" name="datum"{{#invalid.datum}} aria-invalid="true" aria-describedby="boundary-error"{{/invalid.datum}}>{{#datums}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/datums}}</select></div>
            </div>
            <p class="muted" style="margin:.2rem 0">{{t.boundary_keep_hint}}</p>
            <label for="boundary_file">{{t.field_boundary_file}}</label>
            <input type="file" id="boundary_file" name="boundary_file" accept=".geojson,.json,application/geo+json,application/json">
            <label for="boundary">{{t.boundary_paste}}</label>
            <textarea id="boundary" name="boundary" rows="5" spellcheck="false"{{#invalid.boundary}} aria-invalid="true" aria-describedby="boundary-error"{{/invalid.boundary}}>{{boundary}}</textarea>
            <progress hidden max="1"></progress><p role="status" aria-live="polite" class="muted upload-status"></p>
            <button class="primary" type="submit" id="save-boundary">{{t.boundary_save}}</button>
          </form>
        </section>
        <section class="card" aria-labelledby="divisions-title">
          <h2 id="divisions-title">{{t.divisions_title}}</h2>
          {{#territory_wide}}
          <p class="muted">{{t.divisions_intro}}</p>
          {{#divisions_error}}<p class="error" role="alert" id="divisions-error">{{divisions_error}}</p>{{/divisions_error}}
          {{#summary}}<div class="notice" role="status" id="import-summary"><p><strong>{{t.divisions_done}}</strong> {{file}}</p>
            <dl class="facts"><dt>{{t.import_rows}}</dt><dd id="import-rows">{{rows}}</dd><dt>{{t.import_inserted}}</dt><dd id="import-inserted">{{inserted}}</dd>
            <dt>{{t.import_updated}}</dt><dd id="import-updated">{{updated}}</dd></dl></div>{{/summary}}
          {{#problems}}<div id="import-problems" role="alert"><p class="error">{{file}}: {{t.divisions_refused}} ({{count}})</p>
            {{#more}}<p class="muted">{{t.problems_more}} {{more}}</p>{{/more}}
            <div class="scroll"><table class="queue"><thead><tr><th>{{t.col_line}}</th><th>{{t.col_field}}</th><th>{{t.col_reason}}</th></tr></thead>
            <tbody>{{#rows}}<tr><td>{{line}}</td><td>{{field}}</td><td>{{reason}}</td></tr>{{/rows}}</tbody></table></div></div>{{/problems}}
          <form method="post" action="/admin/regions/divisions" enctype="multipart/form-data" novalidate data-progress
                data-uploading="{{t.uploading}}" data-working="{{t.importing}}" data-failed="{{t.upload_failed}}">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="divisions">{{t.field_divisions}}</label>
            <input type="file" id="divisions" name="divisions" accept=".csv,text/csv" required aria-describedby="divisions-hint">
            <p class="muted" style="margin:.2rem 0" id="divisions-hint">{{t.divisions_hint}}</p>
            <progress hidden max="1"></progress><p role="status" aria-live="polite" class="muted upload-status"></p>
            <button class="primary" type="submit" id="import-divisions">{{t.divisions_import}}</button>
          </form>
          {{/territory_wide}}
          {{^territory_wide}}<p class="muted">{{t.territory_admin_only}}</p>{{/territory_wide}}
        </section>
        </div>
        """
}

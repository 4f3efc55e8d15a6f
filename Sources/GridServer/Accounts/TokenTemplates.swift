extension PageTemplates {
    /// 接口令牌: the visible tokens with a 吊销 button on each live one, then the form to issue one.
    static let adminTokens = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.tokens_title}}</h1>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#new_token}}<p class="notice" role="status" id="notice">{{t.token_created}} <code id="new-token">{{new_token}}</code></p>{{/new_token}}
        {{#list_error}}<p class="error" role="alert" id="list-error">{{list_error}}</p>{{/list_error}}
        <div class="grid2">
        <section class="card" aria-labelledby="list-title">
          <h2 id="list-title">{{t.tokens_list}} ({{count}})</h2>
          <p class="muted">{{t.token_revoke_hint}}</p>
          <div class="scroll"><table class="queue" id="tokens">
            <thead><tr><th>{{t.field_name}}</th><th>{{t.field_role}}</th><th>{{t.field_scope}}</th><th>{{t.field_created_at}}</th><th>{{t.field_status}}</th></tr></thead>
            <tbody>{{#tokens}}<tr id="token-{{name}}"{{#new}} class="new"{{/new}}><td>{{name}}</td><td>{{role_name}}</td><td>{{scope}}</td><td>{{created_at}}</td>
              <td>{{#revoked_at}}<span class="muted">{{t.token_revoked}} {{revoked_at}}</span>{{/revoked_at}}{{^revoked_at}}{{t.token_live}}
              <form method="post" action="/admin/tokens/revoke" class="inline">
                <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
                <button class="secondary" type="submit" id="revoke-{{name}}">{{t.token_revoke}}</button>
              </form>{{/revoked_at}}</td></tr>{{/tokens}}</tbody>
          </table></div>
        </section>
        <section class="card" aria-labelledby="create-title">
          <h2 id="create-title">{{t.token_create}}</h2>
          {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
          <form method="post" action="/admin/tokens" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="name">{{t.field_name}}</label>
            <input type="text" id="name" name="name" value="{{name}}" autocomplete="off" required{{#invalid.name}} aria-invalid="true" aria-describedby="form-error"{{/invalid.name}}>
            <label for="scope">{{t.field_scope}}</label>
            <input type="text" id="scope" name="scope" value="{{scope}}" aria-describedby="scope-hint{{#invalid.scope}} form-error{{/invalid.scope}}"{{#invalid.scope}} aria-invalid="true"{{/invalid.scope}}>
            <p class="muted" style="margin:.2rem 0" id="scope-hint">{{t.token_scope_hint}}</p>
            <button class="primary" type="submit" id="create-token">{{t.token_create}}</button>
          </form>
        </section>
        </div>
        """
}
